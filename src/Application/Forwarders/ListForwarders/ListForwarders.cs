using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Forwarders.ListForwarders;

public sealed record ListForwardersQuery : IQuery<IReadOnlyList<ForwarderDto>>;

/// <param name="SignalQuality">the modem's last <c>AT+CSQ</c> RSSI (0–31; 99 unknown).</param>
/// <param name="Registration">the last <c>AT+CREG?</c> stat (1 home, 5 roaming, 0/2/3/4 not registered).</param>
public sealed record ForwarderDto(Guid Id, string Name, string AccessNumber, DateTimeOffset CreatedAt, DateTimeOffset? LastContactAt,
    int? SignalQuality, int? Registration);

public sealed class ListForwardersHandler(IForwarderRepository forwarders) : IQueryHandler<ListForwardersQuery, IReadOnlyList<ForwarderDto>>
{
    public async ValueTask<IReadOnlyList<ForwarderDto>> Handle(ListForwardersQuery query, CancellationToken ct) =>
        [.. (await forwarders.ListAsync(ct)).Select(f => new ForwarderDto(f.Id, f.Name, f.AccessNumber, f.CreatedAt, f.LastContactAt, f.SignalQuality,
            f.Registration))];
}
