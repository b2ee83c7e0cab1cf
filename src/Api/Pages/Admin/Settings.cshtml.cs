using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Fraud.BlockPrefix;
using SmsCallback.Application.Fraud.ListBlockedPrefixes;
using SmsCallback.Application.Fraud.UnblockPrefix;
using SmsCallback.Application.Ivr.GetIvrSettings;
using SmsCallback.Application.Ivr.UpdateIvrSettings;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>The IVR settings and the blocked prefixes (<c>/api/admin/ivr-settings</c>, <c>/api/admin/fraud/blocked-prefixes</c>).</summary>
public sealed class SettingsModel(ISender sender) : SitePage(sender)
{
    public IvrSettingsDto? Ivr { get; private set; }
    public IReadOnlyList<BlockedPrefixDto> Blocked { get; private set; } = [];

    [BindProperty] public bool Enabled { get; set; }
    [BindProperty] public string EndLegCode { get; set; } = "";
    [BindProperty] public string BalanceCode { get; set; } = "";
    [BindProperty] public int DigitTimeoutMs { get; set; }
    [BindProperty] public int MaxAttempts { get; set; }
    [BindProperty] public bool AnnounceMaxTime { get; set; }
    [BindProperty] public string Language { get; set; } = "";
    [BindProperty] public string? Prefix { get; set; }
    [BindProperty] public string? Description { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Ivr = await Sender.Send(new GetIvrSettingsQuery(), ct);
        Blocked = await Sender.Send(new ListBlockedPrefixesQuery(), ct);
    }

    public Task<IActionResult> OnPostIvrAsync(CancellationToken ct) =>
        RunPlain(() => Sender.Send(new UpdateIvrSettingsCommand(Enabled, EndLegCode, BalanceCode, DigitTimeoutMs, MaxAttempts, AnnounceMaxTime, Language), ct),
            _ => Done(Text["The IVR settings are saved."]), ct);

    public Task<IActionResult> OnPostBlockAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new BlockPrefixCommand(Prefix ?? "", Description), ct), p => Done(Text["{0} is blocked.", p.Prefix]), ct);

    public Task<IActionResult> OnPostUnblockAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new UnblockPrefixCommand(Prefix ?? ""), ct), _ => Done(Text["{0} is no longer blocked.", Prefix ?? ""]), ct);
}
