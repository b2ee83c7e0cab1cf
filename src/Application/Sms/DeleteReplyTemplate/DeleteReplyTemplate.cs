using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Sms.Texts;

namespace SmsCallback.Application.Sms.DeleteReplyTemplate;

/// <summary>Back to the shipped wording of a reply in a language; nothing to do when it was not reworded.</summary>
public sealed record DeleteReplyTemplateCommand(string Language, string Key) : ICommand<Result<Unit>>;

public sealed class DeleteReplyTemplateHandler(ReplyCatalog catalog, IReplyTemplateRepository templates, IReplyTemplateOverrides overrides,
    IUnitOfWork unitOfWork) : ICommandHandler<DeleteReplyTemplateCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteReplyTemplateCommand c, CancellationToken ct)
    {
        var language = c.Language.ToLowerInvariant();
        if (!catalog.Has(language) || !catalog.Keys.Contains(c.Key)) return Error.NotFound("No such language or reply.");
        if (await templates.FindAsync(language, c.Key, ct) is { } saved) templates.Remove(saved);
        unitOfWork.OnCommitted(_ => { overrides.Invalidate(); return Task.CompletedTask; });
        return Unit.Value;
    }
}
