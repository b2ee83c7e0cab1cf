using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.GenerateLot;

/// <summary>Generate a lot's remaining accounts, batch by batch. Each batch — its accounts, their opening ledger entries, its encrypted export
/// chunk and the lot's new count — is one transaction, so a run that dies continues from the last committed batch and never repeats one
/// (docs/adr/0008-credential-lots.md); a batch that loses a race (a login taken meanwhile, another run committed first) makes the command
/// run again from there. Returns the lot's state when the run ends.</summary>
public sealed record GenerateLotCommand(Guid LotId) : ICommand<LotState?>, Common.Behaviours.IRetryOnConflict;

public sealed class GenerateLotHandler(
    ICredentialLotRepository lots, LotBatchBuilder builder, IUnitOfWork unitOfWork, IOptions<LotsOptions> options, TimeProvider clock)
    : ICommandHandler<GenerateLotCommand, LotState?>
{
    public async ValueTask<LotState?> Handle(GenerateLotCommand command, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var lot = await lots.GetAsync(command.LotId, ct);
            if (lot is null || lot.IsFinished) return lot?.State;

            if (!await builder.AddBatchAsync(lot, Math.Min(options.Value.BatchSize, lot.Remaining), ct))
            {
                lot.Fail("No free logins left for this prefix and length.", clock.GetUtcNow());
                return lot.State;
            }
            await unitOfWork.SaveChangesAsync(ct); // a checkpoint per batch
        }
    }
}
