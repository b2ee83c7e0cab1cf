using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.GetCallbacks;

/// <summary>Callbacks, newest first. <paramref name="ActiveOnly"/>: only those not yet completed or failed.</summary>
public sealed record GetCallbacksQuery(bool ActiveOnly = false, int Skip = 0, int Take = 100) : IQuery<IReadOnlyList<CallbackDto>>;

public sealed record CallLegDto(string Kind, string Number, string State, int? HangupCause, DateTimeOffset DialedAt,
    DateTimeOffset? AnsweredAt, DateTimeOffset? EndedAt, int? BilledSeconds, decimal? Rate, decimal? Cost);

public sealed record CallbackDto(Guid Id, string State, string? FailureReason, string Source, string? Destination, string Origin,
    Guid? InboundSmsId, DateTimeOffset CreatedAt, IReadOnlyList<CallLegDto> Legs, decimal Reserved, int? MaxDurationSeconds,
    DateTimeOffset? DueAt = null)
{
    public static CallbackDto From(Callback c) => new(c.Id, c.State.ToString(), c.FailureReason?.ToString(), c.Source, c.Destination,
        c.Origin.ToString(), c.InboundSmsId, c.CreatedAt,
        [.. c.Legs.OrderBy(l => l.Kind).ThenBy(l => l.DialedAt).Select(l => new CallLegDto(l.Kind.ToString(), l.Number, l.State.ToString(), l.HangupCause,
            l.DialedAt, l.AnsweredAt, l.EndedAt, l.BilledSeconds, l.RatePerMinute, l.Cost))], c.Reserved, c.MaxDurationSeconds, c.DueAt);
}

public sealed class GetCallbacksHandler(ICallbackRepository callbacks) : IQueryHandler<GetCallbacksQuery, IReadOnlyList<CallbackDto>>
{
    private static readonly CallbackState[] Active =
        [CallbackState.Scheduled, CallbackState.Requested, CallbackState.DialingSource, CallbackState.SourceAnswered, CallbackState.DialingDestination, CallbackState.Connected];

    public async ValueTask<IReadOnlyList<CallbackDto>> Handle(GetCallbacksQuery query, CancellationToken ct)
    {
        var list = await callbacks.ListNewestAsync(query.ActiveOnly ? Active : null, Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, 500), ct);
        return [.. list.Select(CallbackDto.From)];
    }
}
