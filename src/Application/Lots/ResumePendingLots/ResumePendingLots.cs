using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Lots.ResumePendingLots;

/// <summary>Queues the generation of every lot still <c>Pending</c>. A lot is saved before its job is queued, so a process that dies in
/// between leaves a lot that nothing would ever generate; the job server sends this at start-up. Queuing a lot whose job is already
/// queued is harmless: generation is resumable and a run on a finished lot does nothing. Returns how many lots were queued.</summary>
public sealed record ResumePendingLotsCommand : ICommand<int>;

public sealed class ResumePendingLotsHandler(ICredentialLotRepository lots, IBackgroundJobs jobs) : ICommandHandler<ResumePendingLotsCommand, int>
{
    public async ValueTask<int> Handle(ResumePendingLotsCommand command, CancellationToken ct)
    {
        var pending = await lots.ListPendingIdsAsync(ct);
        foreach (var id in pending) jobs.EnqueueGenerateLot(id);
        return pending.Count;
    }
}
