using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Localization;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.CreateLot;

/// <summary>Record a lot and start its generation in the background. <c>Language</c>: given to every account of the lot (none: the default).</summary>
public sealed record CreateLotCommand(
    int Count, string LoginPrefix, int LoginLength, int PasswordLength, PasswordAlphabet PasswordAlphabet, decimal InitialBalance,
    Guid? TariffId, AccountServices Services, string? Language = null) : ICommand<Guid>;

public sealed class CreateLotValidator : AbstractValidator<CreateLotCommand>
{
    public CreateLotValidator(Sms.Texts.IReplyTexts texts)
    {
        RuleFor(c => c.Language).KnownLanguage(texts);
        RuleFor(c => c.Count).InclusiveBetween(1, CredentialLot.MaxCount);
        RuleFor(c => c.LoginPrefix).NotNull().MaximumLength(CredentialLot.MaxPrefixLength)
            .Matches("^[A-Za-z0-9._-]*$").WithMessage("A login prefix has only letters, digits and . _ -");
        RuleFor(c => c.LoginLength).InclusiveBetween(4, 18);
        RuleFor(c => c.PasswordLength).InclusiveBetween(4, 64);
        RuleFor(c => c.PasswordAlphabet).IsInEnum();
        RuleFor(c => c.InitialBalance).InclusiveBetween(0, 1_000_000);
        // Random logins must stay easy to find: at most a tenth of the login space per lot.
        RuleFor(c => c).Must(c => Math.Pow(10, c.LoginLength) >= 10.0 * c.Count)
            .WithName("loginLength").WithMessage("The login length is too short for this many accounts (needs 10 times more logins than the count).");
    }
}

public sealed class CreateLotHandler(ICredentialLotRepository lots, IUnitOfWork unitOfWork, IBackgroundJobs jobs, TimeProvider clock)
    : ICommandHandler<CreateLotCommand, Guid>
{
    public async ValueTask<Guid> Handle(CreateLotCommand c, CancellationToken ct)
    {
        var lot = CredentialLot.Create(c.Count, c.LoginPrefix, c.LoginLength, c.PasswordLength, c.PasswordAlphabet, c.InitialBalance,
            c.TariffId, c.Services, clock.GetUtcNow());
        lot.ChangeLanguage(c.Language);
        lots.Add(lot);
        unitOfWork.OnCommitted(_ => { jobs.EnqueueGenerateLot(lot.Id); return Task.CompletedTask; });
        return lot.Id;
    }
}
