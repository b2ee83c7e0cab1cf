using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Ivr;

namespace SmsCallback.Application.Ivr.GetIvrSettings;

public sealed record GetIvrSettingsQuery : IQuery<IvrSettingsDto>;

public sealed record IvrSettingsDto(bool Enabled, string EndLegCode, string BalanceCode, int DigitTimeoutMs, int MaxAttempts, bool AnnounceMaxTime,
    string Language)
{
    public static IvrSettingsDto From(IvrSettings s) =>
        new(s.Enabled, s.EndLegCode, s.BalanceCode, s.DigitTimeoutMs, s.MaxAttempts, s.AnnounceMaxTime, s.Language);
}

public sealed class GetIvrSettingsHandler(IIvrSettingsRepository settings) : IQueryHandler<GetIvrSettingsQuery, IvrSettingsDto>
{
    public async ValueTask<IvrSettingsDto> Handle(GetIvrSettingsQuery query, CancellationToken ct) => IvrSettingsDto.From(await settings.GetAsync(ct));
}
