using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Callbacks.GetCallbacks;
using SmsCallback.Application.Sms.GetInbox;
using SmsCallback.Application.Sms.GetOutbox;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>What is happening now: callbacks in progress with their legs (refreshed in place), the latest SMS in and out
/// (<c>/api/admin/callbacks?state=active</c>, <c>/api/admin/sms/inbox</c>, <c>/api/admin/sms/outbox</c>).</summary>
public sealed class LiveModel(ISender sender) : SitePage(sender)
{
    public const int Latest = 25;

    /// <summary>Narrows both SMS lists to messages whose number or text contains it (only on this page of the latest).</summary>
    [BindProperty(SupportsGet = true, Name = "sms")] public string? SmsFilter { get; set; }

    public IReadOnlyList<CallbackDto> Active { get; private set; } = [];
    public IReadOnlyList<InboxItemDto> Inbox { get; private set; } = [];
    public IReadOnlyList<OutboxItemDto> Outbox { get; private set; } = [];

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Active = await Sender.Send(new GetCallbacksQuery(ActiveOnly: true), ct);
        Inbox = await Sender.Send(new GetInboxQuery(0, Latest), ct);
        Outbox = await Sender.Send(new GetOutboxQuery(0, Latest), ct);
        if (!string.IsNullOrWhiteSpace(SmsFilter))
        {
            var f = SmsFilter.Trim();
            Inbox = [.. Inbox.Where(s => s.From.Contains(f, StringComparison.OrdinalIgnoreCase) || s.To.Contains(f, StringComparison.OrdinalIgnoreCase)
                || s.Text.Contains(f, StringComparison.OrdinalIgnoreCase))];
            Outbox = [.. Outbox.Where(s => s.To.Contains(f, StringComparison.OrdinalIgnoreCase) || s.Text.Contains(f, StringComparison.OrdinalIgnoreCase))];
        }
    }

    public async Task<IActionResult> OnGetFragmentAsync(CancellationToken ct) =>
        Partial("_ActiveCallbacks", await Sender.Send(new GetCallbacksQuery(ActiveOnly: true), ct));
}
