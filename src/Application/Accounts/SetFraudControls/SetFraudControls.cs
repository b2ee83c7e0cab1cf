using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Accounts.SetFraudControls;

/// <summary>An account's own fraud controls: the prefixes it may call (empty: all but the blocked ones) and its daily spend cap. A call's
/// charge may change the account meanwhile: then the controls are applied to the fresh row.</summary>
public sealed record SetFraudControlsCommand(Guid AccountId, IReadOnlyList<string> AllowedPrefixes, decimal? DailySpendCap)
    : ICommand<Result<bool>>, Common.Behaviours.IRetryOnConflict;

public sealed class SetFraudControlsValidator : AbstractValidator<SetFraudControlsCommand>
{
    public SetFraudControlsValidator()
    {
        RuleFor(c => c.AllowedPrefixes.Count).LessThanOrEqualTo(Account.MaxAllowedPrefixes).OverridePropertyName("allowedPrefixes");
        RuleForEach(c => c.AllowedPrefixes).Must(Prefixes.IsValid).WithMessage("A prefix is 1 to 15 digits, without '+'.");
        RuleFor(c => c.DailySpendCap).GreaterThanOrEqualTo(0).LessThanOrEqualTo(1_000_000).PrecisionScale(18, 4, ignoreTrailingZeros: true);
    }
}

public sealed class SetFraudControlsHandler(IAccountRepository accounts) : ICommandHandler<SetFraudControlsCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(SetFraudControlsCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        account.ChangeFraudControls(command.AllowedPrefixes, command.DailySpendCap);
        return true;
    }
}
