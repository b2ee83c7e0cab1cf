using Mediator;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.DispatchCallback;

/// <summary>Hand a requested callback to the switch (the consumer of <see cref="CallbackRequested"/>): a scheduled callback whose time came,
/// or one whose event waited in the outbox. At most once (<see cref="CallbackDispatch"/>); a run that loses its commit to another worker
/// runs again and finds the callback dispatched. Many dispatches share one commit when their events wait together
/// (docs/adr/0047-ingest-first.md).</summary>
public sealed record DispatchCallbackCommand(Guid CallbackId) : ICommand, IRetryOnConflict;

public sealed class DispatchCallbackHandler(ICallbackRepository callbacks, CallbackDispatch dispatch) : ICommandHandler<DispatchCallbackCommand>
{
    public async ValueTask<Unit> Handle(DispatchCallbackCommand command, CancellationToken ct)
    {
        if (await callbacks.GetAsync(command.CallbackId, ct) is { } callback) dispatch.Now(callback);
        return Unit.Value;
    }
}
