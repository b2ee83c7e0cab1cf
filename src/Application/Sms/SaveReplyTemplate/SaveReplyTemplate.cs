using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.SaveReplyTemplate;

/// <summary>The operator's own wording of a reply in a language, used by every instance from then on (docs/languages.md). It must take
/// exactly the reply's placeholders; the answer shows it filled in with long values and warns when that no longer fits one SMS.</summary>
public sealed record SaveReplyTemplateCommand(string Language, string Key, string Text) : ICommand<ReplySample>;

public sealed class SaveReplyTemplateValidator : AbstractValidator<SaveReplyTemplateCommand>
{
    public SaveReplyTemplateValidator(ReplyCatalog catalog)
    {
        RuleFor(c => c.Language).Must(catalog.Has)
            .WithMessage(c => $"Unknown language '{c.Language}': the languages are {string.Join(", ", catalog.Languages)}.");
        RuleFor(c => c.Text).NotEmpty().MaximumLength(ReplyTemplate.MaxTextLength);
        RuleFor(c => c).Custom((c, context) =>
        {
            if (string.IsNullOrEmpty(c.Text)) return;
            foreach (var problem in catalog.Validate(c.Key, c.Text)) context.AddFailure(problem.StartsWith("there is no reply", StringComparison.Ordinal) ? "key" : "text", problem);
        });
    }
}

public sealed class SaveReplyTemplateHandler(IReplyTemplateRepository templates, IReplyTemplateOverrides overrides, IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<SaveReplyTemplateCommand, ReplySample>
{
    public async ValueTask<ReplySample> Handle(SaveReplyTemplateCommand c, CancellationToken ct)
    {
        var language = c.Language.ToLowerInvariant();
        var now = clock.GetUtcNow();
        if (await templates.FindAsync(language, c.Key, ct) is { } saved) saved.Change(c.Text, now);
        else templates.Add(ReplyTemplate.Create(language, c.Key, c.Text, now));
        unitOfWork.OnCommitted(_ => { overrides.Invalidate(); return Task.CompletedTask; });
        return ReplySample.Of(c.Text);
    }
}
