using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Accounts.GetAccountSummary;
using SmsCallback.Application.Accounts.ListLedger;
using SmsCallback.Application.Accounts.ListPhones;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Accounts.RemovePhone;
using SmsCallback.Application.Accounts.ResetPassword;
using SmsCallback.Application.Accounts.SetAccountStatus;
using SmsCallback.Application.Accounts.SetFraudControls;
using SmsCallback.Application.Accounts.TopUpAccount;
using SmsCallback.Application.Accounts.UpdateAccount;
using SmsCallback.Application.Calls.GetCallHistory;
using SmsCallback.Application.Phonebook.ListPhonebook;
using SmsCallback.Application.Tariffs;
using SmsCallback.Application.Tariffs.ListTariffs;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>One account for the operator: phones, phonebook, calls, ledger, and every change <c>/api/admin/accounts/{id}</c> offers.</summary>
public sealed class AccountModel(ISender sender) : SitePage(sender)
{
    [FromRoute] public Guid Id { get; set; }

    public AccountSummaryDto? Account { get; private set; }
    public IReadOnlyList<RegisteredPhoneDto> Phones { get; private set; } = [];
    public IReadOnlyList<PhonebookEntryDto> Phonebook { get; private set; } = [];
    public CallHistoryPage? Calls { get; private set; }
    public LedgerPage? Ledger { get; private set; }
    public IReadOnlyList<TariffView> Tariffs { get; private set; } = [];

    [BindProperty] public decimal Amount { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public Guid? TariffId { get; set; }
    [BindProperty] public decimal CreditLimit { get; set; }
    [BindProperty] public int MaxConcurrentCallbacks { get; set; }
    [BindProperty] public ServicesDto Services { get; set; } = new(false, false, false, false);
    [BindProperty] public string? AllowedPrefixes { get; set; }
    [BindProperty] public decimal? DailySpendCap { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Account = (await Sender.Send(new GetAccountSummaryQuery(Id), ct)).Value;
        NotFoundWhenMissing = Account is null;
        if (Account is null) return;
        Phones = (await Sender.Send(new ListPhonesQuery(Id), ct)).Value ?? [];
        Phonebook = (await Sender.Send(new ListPhonebookQuery(Id), ct)).Value ?? [];
        Calls = (await Sender.Send(new GetCallHistoryQuery(Id, true, null, null, null, 1, 10), ct)).Value;
        Ledger = (await Sender.Send(new ListLedgerQuery(Id, 0, 10), ct)).Value;
        Tariffs = await Sender.Send(new ListTariffsQuery(), ct);
    }

    public Task<IActionResult> OnPostTopUpAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new TopUpAccountCommand(Id, Amount, Note), ct), b => Done(Text["The balance is {0}.", b.ToString("0.00")]), ct);

    public Task<IActionResult> OnPostCorrectAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new TopUpAccountCommand(Id, Amount, Note, LedgerReason.Adjustment), ct), b => Done(Text["The balance is {0}.", b.ToString("0.00")]), ct);

    public Task<IActionResult> OnPostRegisterPhoneAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new RegisterPhoneCommand(Id, Number ?? ""), ct), p => Done(Text["{0} is registered.", p.Number]), ct);

    public Task<IActionResult> OnPostRemovePhoneAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new RemovePhoneCommand(Id, Number ?? ""), ct), _ => Done(Text["{0} is removed.", Number ?? ""]), ct);

    public Task<IActionResult> OnPostBlockAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new SetAccountStatusCommand(Id, Blocked: true), ct), _ => Done(Text["The account is blocked."]), ct);

    public Task<IActionResult> OnPostUnblockAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new SetAccountStatusCommand(Id, Blocked: false), ct), _ => Done(Text["The account is active again."]), ct);

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new ResetPasswordCommand(Id, NewPassword ?? ""), ct), _ => Done(Text["The password is set."]), ct);

    public Task<IActionResult> OnPostUpdateAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new UpdateAccountCommand(Id, TariffId, CreditLimit, Services.ToFlags(), MaxConcurrentCallbacks), ct),
            _ => Done(Text["The account is saved."]), ct);

    public Task<IActionResult> OnPostFraudAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new SetFraudControlsCommand(Id,
                (AllowedPrefixes ?? "").Split([',', ' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), DailySpendCap), ct),
            _ => Done(Text["The fraud controls are saved."]), ct);
}
