using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Localization;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.UpdateAccount;

/// <summary>An admin changes an account's credit limit, services and maximum of concurrent callbacks, and its tariff when one is given
/// (a null tariff keeps the current one; the tariff follows the rules of <see cref="Tariffs.AssignTariff.AssignTariffCommand"/>), and its
/// language when one is given.</summary>
public sealed record UpdateAccountCommand(Guid AccountId, Guid? TariffId, decimal CreditLimit, AccountServices Services, int MaxConcurrentCallbacks,
    string? Language = null) : ICommand<Result<Unit>>;

public sealed class UpdateAccountValidator : AbstractValidator<UpdateAccountCommand>
{
    public UpdateAccountValidator(Sms.Texts.IReplyTexts texts)
    {
        RuleFor(c => c.Language).KnownLanguage(texts);
        RuleFor(c => c.CreditLimit).InclusiveBetween(0, 1_000_000);
        RuleFor(c => c.MaxConcurrentCallbacks).InclusiveBetween(0, 1000);
        RuleFor(c => c.Services).Must(s => (s & ~AccountServices.All) == 0).WithMessage("Unknown service.");
    }
}

public sealed class UpdateAccountHandler(IAccountRepository accounts, ITariffRepository tariffs) : ICommandHandler<UpdateAccountCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(UpdateAccountCommand c, CancellationToken ct)
    {
        var account = await accounts.GetAsync(c.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        if (c.TariffId is { } tariffId && tariffId != account.TariffId
            && await Tariffs.AssignTariff.AssignTariffHandler.AssignAsync(account, tariffId, tariffs, ct) is { } refused)
            return refused;
        account.ChangeSettings(c.CreditLimit, c.Services, c.MaxConcurrentCallbacks);
        if (c.Language is not null) account.ChangeLanguage(c.Language);
        return Unit.Value;
    }
}
