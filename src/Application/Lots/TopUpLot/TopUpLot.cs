using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.TopUpAccount;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.TopUpLot;

/// <summary>Add the same amount to every account of a finished lot, in one transaction (all or none). Returns how many were topped up.</summary>
public sealed record TopUpLotCommand(Guid LotId, decimal Amount, string? Note) : ICommand<Result<int>>;

public sealed class TopUpLotValidator : AbstractValidator<TopUpLotCommand>
{
    public TopUpLotValidator() => TopUpRules.Apply(this, c => c.Amount, c => c.Note);
}

public sealed class TopUpLotHandler(ICredentialLotRepository lots, IAccountRepository accounts, ILedgerRepository ledger, IUnitOfWork unitOfWork,
    TimeProvider clock) : ICommandHandler<TopUpLotCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(TopUpLotCommand command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var lot = await lots.GetAsync(command.LotId, ct);
            if (lot is null) return Error.NotFound("No such lot.");
            if (!lot.IsFinished) return Error.Conflict("The lot is still being generated.");
            var members = await accounts.ListByLotAsync(lot.Id, ct);
            var now = clock.GetUtcNow();
            foreach (var account in members) ledger.Add(account.Post(command.Amount, LedgerReason.TopUp, command.Note, now));
            try
            {
                await unitOfWork.SaveChangesAsync(ct);
                return members.Count;
            }
            catch (ConcurrencyConflictException) when (attempt < TopUpRules.MaxAttempts)
            {
                // an account's balance changed meanwhile: nothing was saved; read the balances again
            }
        }
    }
}
