using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Callbacks;

/// <summary>An event about one callback (its consumers' log lines carry the callback's id).</summary>
public interface ICallbackEvent : IDomainEvent
{
    Guid CallbackId { get; }
}

/// <summary>A callback was admitted and stored in <see cref="CallbackState.Requested"/>: it is to be handed to the switch.</summary>
public sealed record CallbackRequested(Guid CallbackId) : ICallbackEvent;

/// <summary>A leg of a callback that goes on ended: it is to be charged.</summary>
public sealed record CallLegEnded(Guid CallbackId, LegKind Leg) : ICallbackEvent;

/// <summary>A callback is over (completed or failed): its ended legs are to be charged and the rest of its credit given back.</summary>
public sealed record CallbackFinished(Guid CallbackId) : ICallbackEvent;

/// <summary>At the IVR prompt the customer dialled <paramref name="Typed"/> (ended with #) on the live leg A: it is to be checked and bridged.</summary>
public sealed record NextLegRequested(Guid CallbackId, string Typed) : ICallbackEvent;


/// <summary>A callback failed (also reported as <see cref="CallbackFinished"/>): the customer may be told why by SMS.
/// <paramref name="CustomerHeardWhy"/>: the customer was on the line when it failed (the IVR told them), so no SMS is needed.</summary>
public sealed record CallbackFailed(Guid CallbackId, FailureReason Reason, bool CustomerHeardWhy) : ICallbackEvent;
