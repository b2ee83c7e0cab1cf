using System.Text.Json;
using Mediator;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.AccessNumbers.GetAccessNumbers;

/// <summary>An access number as the API shows it: its settings, never its secrets, and what was weakened on purpose (an unsigned Vonage number).</summary>
public sealed record AccessNumberView(Guid Id, string Number, string Channel, IReadOnlyDictionary<string, string> Settings, DateTimeOffset CreatedAt,
    IReadOnlyList<string> Warnings, string? Language = null)
{
    /// <summary>The caller IDs set for this number's callbacks (null: the defaults).</summary>
    public Accounts.SetCallerIds.CallerIdsDto CallerIds { get; init; } = new(null, null);

    public static AccessNumberView From(AccessNumber n)
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(n.SettingsJson) ?? [];
        return new(n.Id, n.Number, n.Channel, settings, n.CreatedAt, AccessNumberWarnings.Of(n.Channel, settings), n.Language)
        {
            CallerIds = new(n.CallerIdA, n.CallerIdB),
        };
    }
}

public sealed record GetAccessNumbersQuery : IQuery<IReadOnlyList<AccessNumberView>>;

public sealed record GetAccessNumberQuery(Guid Id) : IQuery<Result<AccessNumberView>>;

public sealed class GetAccessNumbersHandler(IAccessNumberRepository numbers)
    : IQueryHandler<GetAccessNumbersQuery, IReadOnlyList<AccessNumberView>>, IQueryHandler<GetAccessNumberQuery, Result<AccessNumberView>>
{
    public async ValueTask<IReadOnlyList<AccessNumberView>> Handle(GetAccessNumbersQuery query, CancellationToken ct) =>
        [.. (await numbers.ListAsync(ct)).Select(AccessNumberView.From)];

    public async ValueTask<Result<AccessNumberView>> Handle(GetAccessNumberQuery query, CancellationToken ct) =>
        await numbers.GetAsync(query.Id, ct) is { } n ? AccessNumberView.From(n) : Error.NotFound("No such access number.");
}
