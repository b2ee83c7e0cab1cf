using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Every row of docs/product.md §2, end to end through the webhook, and the anti-abuse rules.</summary>
public sealed class SmsCommandTests : IDisposable
{
    private const string Registered = "48600316058";
    private readonly SmsCallbackApp _app = new();
    private HttpClient _admin = null!;
    private HttpClient _customer = null!;
    private int _nextId;

    public void Dispose() => _app.Dispose();

    private async Task GivenCustomerAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(_admin, "callback", "pass1234", Registered);
        _customer = await _app.ClientForAsync("callback", "pass1234");
    }

    private async Task<JsonElement> SendAsync(string from, string text)
    {
        var id = $"cmd-{Interlocked.Increment(ref _nextId)}";
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync(id, from, text)).StatusCode);
        var inbox = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/inbox"),
            items => items.Any(i => i.GetProperty("messageId").GetString() == id && i.GetProperty("status").GetString() == "Processed"), $"{text} processed");
        return inbox.First(i => i.GetProperty("messageId").GetString() == id);
    }

    private async Task<JsonElement> ReplyToAsync(JsonElement sms) =>
        (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/outbox"),
            o => o.Any(x => x.GetProperty("inboundSmsId").GetString() == sms.GetProperty("id").GetString()), "the reply"))
        .First(x => x.GetProperty("inboundSmsId").GetString() == sms.GetProperty("id").GetString());

    private async Task<JsonElement> CallbackOfAsync(JsonElement sms) =>
        (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/callbacks"),
            c => c.Any(x => x.GetProperty("inboundSmsId").GetString() == sms.GetProperty("id").GetString()), "the callback"))
        .First(x => x.GetProperty("inboundSmsId").GetString() == sms.GetProperty("id").GetString());

    [Fact]
    public async Task D_with_O_from_a_registered_phone_calls_O_then_D()
    {
        await GivenCustomerAsync();
        var sms = await SendAsync(Registered, "D.48774417880 O.48226543210");

        var callback = await CallbackOfAsync(sms);
        Assert.Equal("+48226543210", callback.GetProperty("source").GetString());
        Assert.Equal("+48774417880", callback.GetProperty("destination").GetString());
        Assert.Equal("Calling +48226543210, then +48774417880.", (await ReplyToAsync(sms)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task R_registers_a_number_that_then_authorises_callbacks()
    {
        await GivenCustomerAsync();
        var sms = await SendAsync("+48501234567", "U.callback P.pass1234 R.48501234567");

        Assert.Equal("Number +48501234567 registered.", (await ReplyToAsync(sms)).GetProperty("text").GetString());
        var phones = await GetArrayAsync(_customer, "/api/me/phones");
        Assert.Contains(phones, p => p.GetProperty("number").GetString() == "+48501234567");

        var call = await SendAsync("48501234567", "D.48774417880");
        Assert.Equal("+48501234567", (await CallbackOfAsync(call)).GetProperty("source").GetString());
    }

    [Fact]
    public async Task R_of_another_accounts_number_answers_as_for_a_free_one_and_registers_nothing()
    {
        await GivenCustomerAsync();
        await _app.CreateAccountAsync(_admin, "zenon", "secret99", "48501234567");

        var reply = await ReplyToAsync(await SendAsync(Registered, "U.callback P.pass1234 R.48501234567"));

        // Issue 12: R. of a number other than the sender's sends it a code; the reply is the same whether or not the number is taken.
        Assert.Equal("Code sent to +48501234567: reply with it from that phone within 10 min.", reply.GetProperty("text").GetString());
        Assert.DoesNotContain("zenon", reply.GetProperty("text").GetString());
        Assert.DoesNotContain(await GetArrayAsync(_customer, "/api/me/phones"), p => p.GetProperty("number").GetString() == "+48501234567");
    }

    [Fact]
    public async Task I_sends_the_status_sms_to_the_sender_and_with_a_login_to_O()
    {
        await GivenCustomerAsync();
        var own = await ReplyToAsync(await SendAsync(Registered, "I."));
        var toO = await ReplyToAsync(await SendAsync("48501234567", "U.callback P.pass1234 I. O.48226543210"));

        Assert.Equal(("+48600316058", "Balance: 0.00 EUR.", "Status"), (own.GetProperty("to").GetString(), own.GetProperty("text").GetString(), own.GetProperty("kind").GetString()));
        Assert.Equal("+48226543210", toO.GetProperty("to").GetString());
        Assert.Equal("Balance: 0.00 EUR.", toO.GetProperty("text").GetString());
        await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/outbox"), o => o.All(x => x.GetProperty("status").GetString() == "Sent"), "status SMS sent");
    }

    [Fact]
    public async Task B_name_and_N_index_call_phonebook_entries_in_the_customers_order()
    {
        await GivenCustomerAsync();
        foreach (var (name, number) in new[] { ("Office", "48774417880"), ("home", "+48226543210"), ("mum", "0048601234567") })
            Assert.Equal(HttpStatusCode.Created, (await _customer.PostAsJsonAsync("/api/me/phonebook", new { name, number })).StatusCode);
        var book = await GetArrayAsync(_customer, "/api/me/phonebook");
        Assert.Equal(["office", "home", "mum"], book.Select(e => e.GetProperty("name").GetString()));
        // Move "mum" to the front: N1 is now mum.
        var order = new[] { book[2], book[0], book[1] }.Select(e => e.GetProperty("id").GetGuid()).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await _customer.PutAsJsonAsync("/api/me/phonebook", new { order })).StatusCode);

        var byName = await CallbackOfAsync(await SendAsync(Registered, "B.OFFICE"));
        var byIndex = await CallbackOfAsync(await SendAsync(Registered, "N1"));
        var byDotIndex = await CallbackOfAsync(await SendAsync(Registered, "N.3"));

        Assert.Equal("+48774417880", byName.GetProperty("destination").GetString());
        Assert.Equal("+48601234567", byIndex.GetProperty("destination").GetString());
        Assert.Equal("+48226543210", byDotIndex.GetProperty("destination").GetString());
        Assert.Equal("+48600316058", byIndex.GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("D.48774417880 R.48501234567", "One command per SMS: D, R, I, B, N or L.")]
    [InlineData("X.1", "Unknown command X.1. Send HELP for the commands.")]
    [InlineData("D.", "Missing destination number after D.")]
    [InlineData("D48774417880", "Put a dot after D, as in D.value.")]
    [InlineData("U.callback D.48774417880", "Missing password: add P.password.")]
    [InlineData("D.1 D.2", "D. appears twice.")]
    [InlineData("B.nobody", "No phonebook entry named nobody.")]
    [InlineData("N4", "Your phonebook is empty.")]
    [InlineData("D.48774417880 O.12", "Invalid source number 12.")]
    [InlineData("help", "Call: D.number (O.your number). Register: U.login P.pass R.number. Status: I. Phonebook: B.name or N2. Language: L.en")]
    public async Task A_mistyped_command_gets_a_reply_that_says_what_to_fix(string text, string reply)
    {
        await GivenCustomerAsync();
        var sms = await SendAsync(Registered, text);

        Assert.Equal(reply, (await ReplyToAsync(sms)).GetProperty("text").GetString());
        Assert.True((await ReplyToAsync(sms)).GetProperty("text").GetString()!.Length <= 160);
        Assert.Empty(await GetArrayAsync(_admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task A_login_from_an_unregistered_phone_without_O_is_told_to_add_O()
    {
        await GivenCustomerAsync();
        var reply = await ReplyToAsync(await SendAsync("48501234567", "U.callback P.pass1234 D.48774417880"));

        Assert.Equal("This phone is not registered to your account: add O.your number.", reply.GetProperty("text").GetString());
        Assert.Empty(await GetArrayAsync(_admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task Five_failed_logins_lock_the_login_until_the_window_passes()
    {
        await GivenCustomerAsync();
        for (var i = 0; i < 5; i++) await SendAsync($"4850123456{i}", "U.callback P.wrong D.48774417880 O.48226543210");

        var locked = await SendAsync("48501234569", "U.callback P.pass1234 D.48774417880 O.48226543210");
        Assert.Equal("Too many failed logins. Try again later.", (await ReplyToAsync(locked)).GetProperty("text").GetString());
        // Web sign-ins count per login and client address (ADR 0017): failures by SMS from other phones do not lock them out.
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { login = "callback", password = "pass1234" })).StatusCode);
        Assert.Empty(await GetArrayAsync(_admin, "/api/admin/callbacks"));

        _app.Clock.Advance(TimeSpan.FromMinutes(16));
        var after = await SendAsync(Registered, "U.callback P.pass1234 D.48774417880 O.48226543210");
        Assert.Equal("Completed", (await EventuallyAsync(async () => await CallbackOfAsync(after),
            c => c.GetProperty("state").GetString() == "Completed", "the callback after the lockout")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_sender_that_guesses_passwords_is_locked_out_for_every_login()
    {
        await GivenCustomerAsync();
        for (var i = 0; i < 5; i++) await SendAsync("48501234567", $"U.guess{i} P.wrong D.48774417880 O.48226543210");

        var sms = await SendAsync("48501234567", "U.callback P.pass1234 D.48774417880 O.48226543210");

        Assert.Equal("Locked out", sms.GetProperty("outcome").GetString());
        Assert.Empty(await GetArrayAsync(_admin, "/api/admin/callbacks"));
        Assert.Single(await GetArrayAsync(_admin, "/api/admin/sms/outbox")); // an untrusted sender gets one reply per window, no more
    }

    [Fact]
    public async Task The_unknown_sender_throttle_allows_one_reply_per_window()
    {
        await GivenCustomerAsync();
        await SendAsync("48501234567", "D.48774417880");
        await SendAsync("48501234567", "D.48774417880");
        Assert.Single(await GetArrayAsync(_admin, "/api/admin/sms/outbox"));

        _app.Clock.Advance(TimeSpan.FromHours(25));
        _admin = await _app.AdminClientAsync(); // a day later yesterday's token has expired
        await SendAsync("48501234567", "D.48774417880");
        Assert.Equal(2, (await GetArrayAsync(_admin, "/api/admin/sms/outbox")).Length);
    }
}
