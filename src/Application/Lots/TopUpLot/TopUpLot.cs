using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.TopUpAccount;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.TopUpLot;

/// <summary>Add the same amount to every account of a finished lot, in one transaction (all or none); an account whose balance changed
/// meanwhile makes it run again on the fresh balances. Returns how many were topped up.</summary>
public sealed record TopUpLotCommand(Guid LotId, decimal Amount, string? Note) : ICommand<Result<int>>, Common.Behaviours.IRetryOnConflict;

public sealed class TopUpLotValidator : AbstractValidator<TopUpLotCommand>
{
    public TopUpLotValidator() => TopUpRules.Apply(this, c => c.Amount, c => c.Note);
}

public sealed class TopUpLotHandler(ICredentialLotRepository lots, IAccountRepository accounts, ILedgerRepository ledger, TimeProvider clock)
    : ICommandHandler<TopUpLotCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(TopUpLotCommand command, CancellationToken ct)
    {
        var lot = await lots.GetAsync(command.LotId, ct);
        if (lot is null) return Error.NotFound("No such lot.");
        if (!lot.IsFinished) return Error.Conflict("The lot is still being generated.");
        var members = await accounts.ListByLotAsync(lot.Id, ct);
        var now = clock.GetUtcNow();
        foreach (var account in members) ledger.Add(account.Post(command.Amount, LedgerReason.TopUp, command.Note, now));
        return members.Count;
    }
}
