using System.Linq.Expressions;
using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.TopUpAccount;

/// <summary>Add credit to an account: a ledger entry and the new balance in one transaction. A concurrent change of the balance is detected
/// by the account's concurrency token and the top-up is applied again to the fresh balance, so no top-up is lost. Returns the new balance.</summary>
public sealed record TopUpAccountCommand(Guid AccountId, decimal Amount, string? Note, LedgerReason Reason = LedgerReason.TopUp)
    : ICommand<Result<decimal>>, Common.Behaviours.IRetryOnConflict;

public sealed class TopUpAccountValidator : AbstractValidator<TopUpAccountCommand>
{
    public TopUpAccountValidator()
    {
        TopUpRules.Apply(this, c => c.Amount, c => c.Note);
        RuleFor(c => c.Reason).Must(r => r is LedgerReason.TopUp or LedgerReason.Adjustment).WithMessage("Only top-ups and corrections are posted by hand.");
        RuleFor(c => c.Note).NotEmpty().When(c => c.Reason == LedgerReason.Adjustment).WithMessage("A correction needs a note saying why.");
    }
}

public static class TopUpRules
{
    public static void Apply<T>(AbstractValidator<T> v, Expression<Func<T, decimal>> amount, Expression<Func<T, string?>> note)
    {
        v.RuleFor(amount).NotEqual(0).InclusiveBetween(-1_000_000, 1_000_000).PrecisionScale(18, 4, ignoreTrailingZeros: true);
        v.RuleFor(note).MaximumLength(LedgerEntry.MaxNoteLength);
    }
}

public sealed class TopUpAccountHandler(IAccountRepository accounts, ILedgerRepository ledger, TimeProvider clock)
    : ICommandHandler<TopUpAccountCommand, Result<decimal>>
{
    public async ValueTask<Result<decimal>> Handle(TopUpAccountCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        ledger.Add(account.Post(command.Amount, command.Reason, command.Note, clock.GetUtcNow()));
        return account.Balance;
    }
}
