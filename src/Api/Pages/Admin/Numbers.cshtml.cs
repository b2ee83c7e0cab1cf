using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.AccessNumbers.CreateAccessNumber;
using SmsCallback.Application.AccessNumbers.DeleteAccessNumber;
using SmsCallback.Application.AccessNumbers.GetAccessNumbers;
using SmsCallback.Application.Forwarders.ListForwarders;
using SmsCallback.Application.Forwarders.RegisterForwarder;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>Access numbers and SMS forwarders (<c>/api/admin/access-numbers</c>, <c>/api/admin/forwarders</c>). A forwarder's key is shown
/// once, right after it is created. Carrier settings beyond the webhook secret are set through the API.</summary>
public sealed class NumbersModel(ISender sender) : SitePage(sender)
{
    public IReadOnlyList<AccessNumberView> Numbers { get; private set; } = [];
    public IReadOnlyList<ForwarderDto> Forwarders { get; private set; } = [];
    public RegisteredForwarder? NewForwarder { get; private set; }

    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string Channel { get; set; } = "generic";
    [BindProperty] public string? Secret { get; set; }
    [BindProperty] public Guid Id { get; set; }
    [BindProperty] public string? Name { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Numbers = await Sender.Send(new GetAccessNumbersQuery(), ct);
        Forwarders = await Sender.Send(new ListForwardersQuery(), ct);
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new CreateAccessNumberCommand(Number ?? "", Channel.ToLowerInvariant(), string.IsNullOrEmpty(Secret) ? null : Secret), ct),
            created => Done(created.Warning ?? Text["The access number is created."]), ct);

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        (await Sender.Send(new DeleteAccessNumberCommand(Id), ct)).IsSuccess ? Done(Text["The access number is deleted."]) : NotFound();

    /// <summary>The key is shown on the page this request answers, never again (no redirect, nothing kept).</summary>
    public Task<IActionResult> OnPostForwarderAsync(CancellationToken ct) =>
        RunAsync(() => Sender.Send(new RegisterForwarderCommand(Name ?? "", Number ?? ""), ct), async forwarder =>
        {
            NewForwarder = forwarder;
            await LoadAsync(ct);
            return (IActionResult)Page();
        }, ct);
}
