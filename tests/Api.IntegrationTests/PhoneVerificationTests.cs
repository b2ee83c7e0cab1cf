using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Issue 12, item 10: a customer proves a number is theirs with a one-time code sent to it by SMS; the answer never tells
/// whether a number belongs to someone else; an account holds at most 10 phones and 200 phonebook entries.</summary>
public sealed partial class PhoneVerificationTests : IDisposable
{
    private const string Number = "+48501234567";
    private readonly SmsCallbackApp _app = new();
    private HttpClient _admin = null!;
    private HttpClient _me = null!;
    private Guid _accountId;
    private int _nextSms;

    public void Dispose() => _app.Dispose();

    private async Task GivenCustomerAsync(params string[] phones)
    {
        _admin = await _app.AdminClientAsync();
        _accountId = await _app.CreateAccountAsync(_admin, "callback", "pass1234", phones);
        _me = await _app.ClientForAsync("callback", "pass1234");
    }

    private async Task<string[]> RegisteredAsync(HttpClient client) =>
        [.. (await GetArrayAsync(client, "/api/me/phones")).Select(p => p.GetProperty("number").GetString()!)];

    private async Task<JsonElement[]> SmsSentToAsync(string to) =>
        [.. (await GetArrayAsync(_admin, "/api/admin/sms/outbox?take=500")).Where(s => s.GetProperty("to").GetString() == to)];

    /// <summary>The code of the newest SMS sent to <paramref name="to"/>.</summary>
    private async Task<string> CodeSentToAsync(string to)
    {
        var sms = await SmsSentToAsync(to);
        Assert.NotEmpty(sms);
        var match = SixDigits().Match(sms[0].GetProperty("text").GetString()!);
        Assert.True(match.Success, sms[0].GetProperty("text").GetString());
        return match.Value;
    }

    private Task<HttpResponseMessage> VerifyAsync(string number, string code) =>
        _me.PostAsJsonAsync($"/api/me/phones/{Uri.EscapeDataString(number)}/verify", new { code });

    private async Task<JsonElement> SendSmsAsync(string from, string text)
    {
        var id = $"verify-{Interlocked.Increment(ref _nextSms)}";
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync(id, from, text)).StatusCode);
        var inbox = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/inbox"),
            items => items.Any(i => i.GetProperty("messageId").GetString() == id && i.GetProperty("status").GetString() == "Processed"), $"{text} processed");
        var sms = inbox.First(i => i.GetProperty("messageId").GetString() == id);
        return (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/outbox?take=500"),
                o => o.Any(x => x.GetProperty("inboundSmsId").GetString() == sms.GetProperty("id").GetString()), "the reply"))
            .First(x => x.GetProperty("inboundSmsId").GetString() == sms.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Registering_a_number_sends_a_code_to_it_and_does_not_register_it_yet()
    {
        await GivenCustomerAsync();

        var response = await _me.PostAsJsonAsync("/api/me/phones", new { number = "0048 501 234 567" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(Number, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());
        var sms = Assert.Single(await SmsSentToAsync(Number));
        Assert.Matches(SixDigits(), sms.GetProperty("text").GetString());
        Assert.DoesNotContain("callback", sms.GetProperty("text").GetString()); // the login is not told to whoever holds the phone
        Assert.Empty(await RegisteredAsync(_me));
        var pending = Assert.Single(await GetArrayAsync(_me, "/api/me/phones/pending"));
        Assert.Equal(Number, pending.GetProperty("number").GetString());
    }

    [Fact]
    public async Task The_right_code_registers_the_number_once()
    {
        await GivenCustomerAsync();
        await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var code = await CodeSentToAsync(Number);

        var verified = await VerifyAsync(Number, code);

        Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
        Assert.Equal([Number], await RegisteredAsync(_me));
        Assert.Empty(await GetArrayAsync(_me, "/api/me/phones/pending"));
        Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync(Number, code)).StatusCode); // a code is used once
    }

    [Fact]
    public async Task A_wrong_code_is_refused_and_the_attempts_run_out()
    {
        await GivenCustomerAsync();
        await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var code = await CodeSentToAsync(Number);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync(Number, wrong)).StatusCode);
        var afterwards = await VerifyAsync(Number, code);

        Assert.Equal(HttpStatusCode.BadRequest, afterwards.StatusCode);
        Assert.Contains("ask for a new code", await afterwards.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await RegisteredAsync(_me));
    }

    [Fact]
    public async Task An_expired_code_fails()
    {
        await GivenCustomerAsync();
        await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var code = await CodeSentToAsync(Number);

        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        var response = await VerifyAsync(Number, code);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await RegisteredAsync(_me));
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("C.{0}")]
    public async Task The_code_sent_back_by_sms_from_that_number_registers_it(string format)
    {
        await GivenCustomerAsync();
        await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var code = await CodeSentToAsync(Number);

        var reply = await SendSmsAsync("48501234567", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, code));

        Assert.Equal($"Number {Number} registered.", reply.GetProperty("text").GetString());
        Assert.Equal([Number], await RegisteredAsync(_me));
    }

    [Fact]
    public async Task The_code_from_another_number_registers_nothing()
    {
        await GivenCustomerAsync();
        await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var code = await CodeSentToAsync(Number);

        await SendSmsAsync("48601234567", code);

        Assert.Empty(await RegisteredAsync(_me));
    }

    [Fact]
    public async Task A_number_owned_by_another_account_answers_like_a_free_one_and_never_registers()
    {
        await GivenCustomerAsync();
        await _app.CreateAccountAsync(_admin, "zenon", "secret99", "48600316058");

        var free = await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var taken = await _me.PostAsJsonAsync("/api/me/phones", new { number = "48600316058" });

        Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        Assert.Equal(free.StatusCode, taken.StatusCode);
        var freeBody = await free.Content.ReadFromJsonAsync<JsonElement>();
        var takenBody = await taken.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(freeBody.EnumerateObject().Select(p => p.Name), takenBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal(freeBody.GetProperty("message").GetString()!.Replace(Number, "+48600316058", StringComparison.Ordinal),
            takenBody.GetProperty("message").GetString());
        Assert.Contains(await GetArrayAsync(_me, "/api/me/phones/pending"), p => p.GetProperty("number").GetString() == "+48600316058");

        // Whatever code comes back, by the API or by SMS from the owner's phone, the number stays with its owner.
        foreach (var guess in new[] { "000000", "123456" })
            Assert.Equal(HttpStatusCode.BadRequest, (await VerifyAsync("+48600316058", guess)).StatusCode);
        await SendSmsAsync("48600316058", "654321");
        Assert.DoesNotContain("+48600316058", await RegisteredAsync(_me));
        Assert.Equal(["+48600316058"], await RegisteredAsync(await _app.ClientForAsync("zenon", "secret99")));
    }

    [Fact]
    public async Task An_operator_registers_a_number_for_a_customer_without_a_code()
    {
        await GivenCustomerAsync();

        var response = await _admin.PostAsJsonAsync($"/api/admin/accounts/{_accountId}/phones", new { number = Number });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([Number], await RegisteredAsync(_me));
        Assert.Empty(await SmsSentToAsync(Number));
    }

    [Fact]
    public async Task R_from_the_number_itself_registers_at_once_and_R_of_another_number_sends_it_a_code()
    {
        await GivenCustomerAsync();

        var own = await SendSmsAsync("48501234567", "U.callback P.pass1234 R.48501234567");
        var other = await SendSmsAsync("48501234567", "R.48601234567");

        Assert.Equal($"Number {Number} registered.", own.GetProperty("text").GetString());
        Assert.Contains("+48601234567", other.GetProperty("text").GetString());
        Assert.Equal([Number], await RegisteredAsync(_me));
        var code = await CodeSentToAsync("+48601234567");
        Assert.Equal("Number +48601234567 registered.", (await SendSmsAsync("48601234567", code)).GetProperty("text").GetString());
        Assert.Equal([Number, "+48601234567"], await RegisteredAsync(_me));
    }

    [Fact]
    public async Task Codes_are_limited_per_number_so_the_feature_cannot_pump_sms()
    {
        await GivenCustomerAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) answers.Add((await _me.PostAsJsonAsync("/api/me/phones", new { number = Number })).StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(3, (await SmsSentToAsync(Number)).Length);
    }

    [Fact]
    public async Task A_number_under_a_blocked_prefix_gets_no_code()
    {
        await GivenCustomerAsync();
        (await _admin.PutAsJsonAsync("/api/admin/fraud/blocked-prefixes/48501", new { description = "test range" })).EnsureSuccessStatusCode();

        var response = await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await SmsSentToAsync(Number));
    }

    [Fact]
    public async Task The_code_is_stored_only_as_a_hash()
    {
        await GivenCustomerAsync();
        await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var code = await CodeSentToAsync(Number);

        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_app.AppDatabasePath};Mode=ReadOnly");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM PhoneVerifications";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
                Assert.DoesNotContain(code, Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task The_eleventh_phone_is_refused_on_every_path()
    {
        await GivenCustomerAsync([.. Enumerable.Range(0, 10).Select(i => $"4860000000{i}")]);

        var byAdmin = await _admin.PostAsJsonAsync($"/api/admin/accounts/{_accountId}/phones", new { number = Number });
        var byCustomer = await _me.PostAsJsonAsync("/api/me/phones", new { number = Number });
        var bySms = await SendSmsAsync("48501234567", "U.callback P.pass1234 R.48501234567");

        Assert.Equal(HttpStatusCode.Conflict, byAdmin.StatusCode);
        Assert.Contains("10", await byAdmin.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, byCustomer.StatusCode);
        Assert.Contains("10", bySms.GetProperty("text").GetString());
        Assert.Equal(10, (await RegisteredAsync(_me)).Length);
        Assert.DoesNotContain(await SmsSentToAsync(Number), s => s.GetProperty("kind").GetString() == "VerificationCode");
    }

    [Fact]
    public async Task The_201st_phonebook_entry_is_refused()
    {
        await GivenCustomerAsync();
        for (var i = 0; i < 200; i++)
            Assert.Equal(HttpStatusCode.Created, (await _me.PostAsJsonAsync("/api/me/phonebook", new { name = $"n{i}", number = "48774417880" })).StatusCode);

        var byCustomer = await _me.PostAsJsonAsync("/api/me/phonebook", new { name = "one-more", number = "48774417880" });
        var byAdmin = await _admin.PostAsJsonAsync($"/api/admin/accounts/{_accountId}/phonebook", new { name = "one-more", number = "48774417880" });

        Assert.Equal(HttpStatusCode.Conflict, byCustomer.StatusCode);
        Assert.Contains("200", await byCustomer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, byAdmin.StatusCode);
        Assert.Equal(200, (await GetArrayAsync(_me, "/api/me/phonebook")).Length);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
