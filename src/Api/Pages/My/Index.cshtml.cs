using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.AccessNumbers.GetAccessNumbers;
using SmsCallback.Application.Accounts.GetAccountSummary;
using SmsCallback.Application.Accounts.ListPhones;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Callbacks.RequestCallback;
using SmsCallback.Application.Phonebook.ListPhonebook;

namespace SmsCallback.Api.Pages.My;

/// <summary>The customer's overview: balance, held credit, services, the numbers to text and "call me now" (the web callback of
/// <c>POST /api/callbacks</c>).</summary>
public sealed class IndexModel(ISender sender) : SitePage(sender)
{
    public AccountSummaryDto? Account { get; private set; }
    public IReadOnlyList<RegisteredPhoneDto> Phones { get; private set; } = [];
    public IReadOnlyList<PhonebookEntryDto> Phonebook { get; private set; } = [];
    public IReadOnlyList<string> AccessNumbers { get; private set; } = [];

    [BindProperty] public string? Source { get; set; }
    [BindProperty] public string? Destination { get; set; }
    [BindProperty] public int? PhonebookIndex { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Account = (await Sender.Send(new GetAccountSummaryQuery(AccountId), ct)).Value;
        Phones = (await Sender.Send(new ListPhonesQuery(AccountId), ct)).Value ?? [];
        Phonebook = (await Sender.Send(new ListPhonebookQuery(AccountId), ct)).Value ?? [];
        AccessNumbers = [.. (await Sender.Send(new GetAccessNumbersQuery(), ct)).Select(n => n.Number).Distinct()];
    }

    public Task<IActionResult> OnPostCallAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new RequestCallbackCommand(AccountId, string.IsNullOrWhiteSpace(Destination) ? null : Destination.Trim(), null,
                string.IsNullOrWhiteSpace(Destination) ? PhonebookIndex : null, Source), ct),
            id => RedirectToPage("/My/Callback", new { id }), ct);
}
