using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Accounts.ListPendingPhones;
using SmsCallback.Application.Accounts.ListPhones;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Accounts.RemovePhone;
using SmsCallback.Application.Accounts.RequestPhoneCode;
using SmsCallback.Application.Accounts.VerifyPhone;

namespace SmsCallback.Api.Pages.My;

/// <summary>The customer's phones: a new number gets a code by SMS and is registered when the code comes back (<c>/api/me/phones</c>).</summary>
public sealed class PhonesModel(ISender sender) : SitePage(sender)
{
    public IReadOnlyList<RegisteredPhoneDto> Phones { get; private set; } = [];
    public IReadOnlyList<PendingPhoneDto> Pending { get; private set; } = [];

    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Code { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Phones = (await Sender.Send(new ListPhonesQuery(AccountId), ct)).Value ?? [];
        Pending = (await Sender.Send(new ListPendingPhonesQuery(AccountId), ct)).Value ?? [];
    }

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new RequestPhoneCodeCommand(AccountId, Number ?? ""), ct), sent => Done(sent.Message), ct);

    public Task<IActionResult> OnPostVerifyAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new VerifyPhoneCommand(AccountId, Number ?? "", Code ?? ""), ct),
            phone => Done(Text["{0} is registered.", phone.Number]), ct);

    public Task<IActionResult> OnPostRemoveAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new RemovePhoneCommand(AccountId, Number ?? ""), ct), _ => Done(Text["{0} is removed.", Number ?? ""]), ct);
}
