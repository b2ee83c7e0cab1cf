using System.Text.Json;
using Mediator;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.AccessNumbers.GetAccessNumbers;

/// <summary>An access number as the API shows it: its settings, never its secrets.</summary>
public sealed record AccessNumberView(Guid Id, string Number, string Channel, IReadOnlyDictionary<string, string> Settings, DateTimeOffset CreatedAt)
{
    public static AccessNumberView From(AccessNumber n) =>
        new(n.Id, n.Number, n.Channel, JsonSerializer.Deserialize<Dictionary<string, string>>(n.SettingsJson) ?? [], n.CreatedAt);
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
