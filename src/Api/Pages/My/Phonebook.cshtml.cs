using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Phonebook.AddPhonebookEntry;
using SmsCallback.Application.Phonebook.ListPhonebook;
using SmsCallback.Application.Phonebook.RemovePhonebookEntry;
using SmsCallback.Application.Phonebook.ReorderPhonebook;
using SmsCallback.Application.Phonebook.UpdatePhonebookEntry;

namespace SmsCallback.Api.Pages.My;

/// <summary>The phonebook in the customer's order; the position shown is the one <c>N&lt;k&gt;</c> calls (<c>/api/me/phonebook</c>).</summary>
public sealed class PhonebookModel(ISender sender) : SitePage(sender)
{
    public IReadOnlyList<PhonebookEntryDto> Entries { get; private set; } = [];

    [BindProperty] public Guid EntryId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public int By { get; set; }

    protected override async Task LoadAsync(CancellationToken ct) =>
        Entries = (await Sender.Send(new ListPhonebookQuery(AccountId), ct)).Value ?? [];

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new AddPhonebookEntryCommand(AccountId, Name ?? "", Number ?? ""), ct),
            e => Done(Text["{0} is N{1}.", e.Name, e.Index]), ct);

    public Task<IActionResult> OnPostEditAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new UpdatePhonebookEntryCommand(AccountId, EntryId, Name ?? "", Number ?? ""), ct),
            e => Done(Text["{0} is saved.", e.Name]), ct);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new RemovePhonebookEntryCommand(AccountId, EntryId), ct), _ => Done(Text["The entry is deleted."]), ct);

    /// <summary>Moves one entry up (-1) or down (+1): the whole new order goes to the same reorder command as <c>PUT /api/me/phonebook</c>.</summary>
    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var order = Entries.Select(e => e.Id).ToList();
        var from = order.IndexOf(EntryId);
        var to = from + Math.Sign(By);
        if (from < 0 || to < 0 || to >= order.Count) return RedirectToPage();
        (order[from], order[to]) = (order[to], order[from]);
        return await Run(() => Sender.Send(new ReorderPhonebookCommand(AccountId, order), ct), _ => Done(Text["The order is saved."]), ct);
    }
}
