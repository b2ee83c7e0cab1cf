using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Callbacks.GetCallback;
using SmsCallback.Application.Callbacks.GetCallbacks;

namespace SmsCallback.Api.Pages.My;

/// <summary>One web callback's progress, refreshed in place (<c>GET /api/callbacks/{id}</c>'s query).</summary>
public sealed class CallbackModel(ISender sender) : SitePage(sender)
{
    [FromRoute] public Guid Id { get; set; }

    public CallbackDto? Callback { get; private set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Callback = (await Sender.Send(new GetCallbackQuery(Id, AccountId), ct)).Value;
        NotFoundWhenMissing = Callback is null;
    }

    public async Task<IActionResult> OnGetFragmentAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Callback is null ? NotFound() : Partial("_CallbackProgress", Callback);
    }
}
