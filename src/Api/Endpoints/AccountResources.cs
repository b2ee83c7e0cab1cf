using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.GetAccountSummary;
using SmsCallback.Application.Accounts.ListLedger;
using SmsCallback.Application.Accounts.ListPendingPhones;
using SmsCallback.Application.Accounts.ListPhones;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Accounts.RemovePhone;
using SmsCallback.Application.Accounts.RequestPhoneCode;
using SmsCallback.Application.Accounts.VerifyPhone;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Phonebook.AddPhonebookEntry;
using SmsCallback.Application.Phonebook.ListPhonebook;
using SmsCallback.Application.Phonebook.RemovePhonebookEntry;
using SmsCallback.Application.Phonebook.ReorderPhonebook;
using SmsCallback.Application.Phonebook.UpdatePhonebookEntry;

using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

/// <summary>One account's summary, registered phones and phonebook. Mapped twice: under <c>/api/me</c> for the signed-in customer and
/// under <c>/api/admin/accounts/{id}</c> for admins, so both see and change exactly the same things, except how a phone is registered:
/// an operator registers it at once, a customer proves it with a one-time code sent to it by SMS.</summary>
internal static class AccountResources
{
    public enum PhoneRegistration { ByOperator, ByCode }

    public sealed record PhoneRequest(string? Number);
    public sealed record CodeRequest(string? Code);
    public sealed record PhonebookEntryRequest(string? Name, string? Number);
    public sealed record ReorderRequest(Guid[]? Order);

    public static void Map(RouteGroupBuilder group, Func<HttpContext, Guid> accountOf, PhoneRegistration phoneRegistration)
    {
        group.MapGet("", (HttpContext http, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new GetAccountSummaryQuery(accountOf(http)), ct), Results.Ok))
            .WithSummary("Login, status, balance, currency and the number of registered phones.");

        group.MapGet("/ledger", (HttpContext http, int? skip, int? take, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ListLedgerQuery(accountOf(http), skip ?? 0, take ?? 50), ct), Results.Ok))
            .WithSummary("Top-ups, corrections and call charges, newest first; ?skip=&take= page.");

        group.MapGet("/phones", (HttpContext http, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ListPhonesQuery(accountOf(http)), ct), Results.Ok));

        group.MapGet("/phones/pending", (HttpContext http, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ListPendingPhonesQuery(accountOf(http)), ct), Results.Ok))
            .WithSummary("Numbers asked for whose one-time code is still open; they are not registered yet.");

        if (phoneRegistration == PhoneRegistration.ByOperator)
            group.MapPost("/phones", (HttpContext http, PhoneRequest body, ISender sender, CancellationToken ct) =>
                Send(sender.Send(new RegisterPhoneCommand(accountOf(http), body.Number ?? ""), ct),
                    phone => Results.Created($"{http.Request.Path}/{Uri.EscapeDataString(phone.Number)}", phone)))
                .WithSummary("Register a phone number at once, without a code (a number belongs to one account at most).");
        else
            MapPhoneVerification(group, accountOf);

        group.MapDelete("/phones/{number}", (HttpContext http, string number, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new RemovePhoneCommand(accountOf(http), number), ct), _ => Results.NoContent()));

        group.MapGet("/phonebook", (HttpContext http, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ListPhonebookQuery(accountOf(http)), ct), Results.Ok))
            .WithSummary("Phonebook entries in the customer's order; index is what N<index> calls.");

        group.MapPost("/phonebook", (HttpContext http, PhonebookEntryRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new AddPhonebookEntryCommand(accountOf(http), body.Name ?? "", body.Number ?? ""), ct),
                entry => Results.Created($"{http.Request.Path}/{entry.Id}", entry)));

        group.MapPut("/phonebook", (HttpContext http, ReorderRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ReorderPhonebookCommand(accountOf(http), body.Order ?? []), ct), Results.Ok))
            .WithSummary("Reorder: {\"order\":[every entry id, first to last]}.");

        group.MapPut("/phonebook/{entryId:guid}", (HttpContext http, Guid entryId, PhonebookEntryRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new UpdatePhonebookEntryCommand(accountOf(http), entryId, body.Name ?? "", body.Number ?? ""), ct), Results.Ok));

        group.MapDelete("/phonebook/{entryId:guid}", (HttpContext http, Guid entryId, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new RemovePhonebookEntryCommand(accountOf(http), entryId), ct), _ => Results.NoContent()));
    }

    /// <summary>A customer's number is registered only when the code sent to it comes back (here, or by SMS from the number).</summary>
    private static void MapPhoneVerification(RouteGroupBuilder group, Func<HttpContext, Guid> accountOf)
    {
        group.MapPost("/phones", (HttpContext http, PhoneRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new RequestPhoneCodeCommand(accountOf(http), body.Number ?? ""), ct),
                sent => Results.Accepted($"{http.Request.Path}/{Uri.EscapeDataString(sent.Number)}/verify", sent)))
            .WithSummary("Ask to register a number: a one-time code goes to it by SMS (202, the same answer for any valid number).");

        group.MapPost("/phones/{number}/verify", (HttpContext http, string number, CodeRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new VerifyPhoneCommand(accountOf(http), number, body.Code ?? ""), ct),
                phone => Results.Created($"{http.Request.PathBase}/api/me/phones/{Uri.EscapeDataString(phone.Number)}", phone)))
            .WithSummary("{\"code\":\"123456\"}: the code sent to the number registers it; each code may be tried 5 times (Accounts:PhoneCodeAttempts).");
    }

}
