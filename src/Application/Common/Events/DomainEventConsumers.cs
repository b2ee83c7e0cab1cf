using Mediator;
using SmsCallback.Application.Callbacks.DispatchCallback;
using SmsCallback.Application.Callbacks.NotifyCallbackFailure;
using SmsCallback.Application.Callbacks.SettleCallback;
using SmsCallback.Application.Ivr.PlaceIvrCall;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Common;

namespace SmsCallback.Application.Common.Events;

/// <summary>A consumer command that reads the state afresh and does what is left to do, so one run does what several in a row would do
/// (settling a callback charges nothing twice). Events committed before it runs that ask for the same command (a callback's two legs
/// ending and the callback finishing, each asking to settle it) are consumed by one run, which deletes all their outbox rows.</summary>
public interface ICoalescingConsumer;

/// <summary>Which command consumes each domain event once its change is committed (docs/adr/0027-domain-events-through-an-outbox.md).
/// The flow runs one way: a handler changes state and records events; the outbox hands each event to its consumer, a command with a unit
/// of work of its own. No handler sends another handler's command.</summary>
public static class DomainEventConsumers
{
    public static IBaseCommand? CommandFor(IDomainEvent domainEvent) => domainEvent switch
    {
        CallbackRequested e => new DispatchCallbackCommand(e.CallbackId),
        CallLegEnded e => new SettleCallbackCommand(e.CallbackId),
        CallbackFinished e => new SettleCallbackCommand(e.CallbackId),
        NextLegRequested e => new PlaceIvrCallCommand(e.CallbackId, e.Typed),
        CallbackFailed e => new NotifyCallbackFailureCommand(e.CallbackId, e.CustomerHeardWhy),
        _ => null,
    };
}
