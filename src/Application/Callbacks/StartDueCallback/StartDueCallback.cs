using Mediator;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Callbacks.StartDueCallback;

/// <summary>The list the scheduler polls: callbacks waiting in <c>Scheduled</c> whose time has come, oldest due first.</summary>
public interface IDueCallbacks
{
    Task<IReadOnlyList<Guid>> ListDueIdsAsync(DateTimeOffset now, int max, CancellationToken ct);
}

/// <summary>A scheduled callback's time has come (the ring delay, a web callback's <c>at</c>, a retry of leg A): it becomes
/// <c>Requested</c> and is handed to the switch after this is saved (<see cref="DispatchCallback.CallbackDispatch"/>). The state is the
/// callback's concurrency token, so of several instances that find it due only one moves it; the others run again and find it no longer
/// scheduled. A callback that failed meanwhile, or is not yet due, is left alone.</summary>
public sealed record StartDueCallbackCommand(Guid CallbackId) : ICommand<bool>, IRetryOnConflict;

public sealed class StartDueCallbackHandler(ICallbackRepository callbacks, DispatchCallback.CallbackDispatch dispatch, TimeProvider clock)
    : ICommandHandler<StartDueCallbackCommand, bool>
{
    public async ValueTask<bool> Handle(StartDueCallbackCommand command, CancellationToken ct) =>
        await callbacks.GetAsync(command.CallbackId, ct) is { } callback && callback.BecomeDue(clock.GetUtcNow()) && dispatch.Now(callback);
}
