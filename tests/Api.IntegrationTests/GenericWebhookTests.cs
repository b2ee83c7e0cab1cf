using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The walking skeleton's path through the real HTTP pipeline: signed SMS in, callback on the simulator, reply out.</summary>
public sealed class GenericWebhookTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_registered_phone_sending_D_gets_a_completed_callback_and_a_reply()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");

        var response = await _app.PostSmsAsync("msg-1", "48600316058", "D.48774417880");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var callback = await CompletedCallbackAsync(admin);
        Assert.Equal("+48600316058", callback.GetProperty("source").GetString());
        Assert.Equal("+48774417880", callback.GetProperty("destination").GetString());
        Assert.Equal("Sms", callback.GetProperty("origin").GetString());
        var legs = callback.GetProperty("legs").EnumerateArray().ToArray();
        Assert.Equal(["+48600316058", "+48774417880"], legs.Select(l => l.GetProperty("number").GetString()));
        Assert.All(legs, l => Assert.Equal(16, l.GetProperty("hangupCause").GetInt32()));

        var reply = await SentReplyAsync(admin);
        Assert.Equal("+48600316058", reply.GetProperty("to").GetString());
        Assert.Equal("Calling +48600316058, then +48774417880.", reply.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Login_and_password_from_an_unregistered_phone_call_O_then_D_and_reply_to_the_sender()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234");

        await _app.PostSmsAsync("msg-2", "+48501234567", "U.callback P.pass1234 D.48774417880 O.48600316058");

        var callback = await CompletedCallbackAsync(admin);
        Assert.Equal("+48600316058", callback.GetProperty("source").GetString());
        Assert.Equal("+48774417880", callback.GetProperty("destination").GetString());
        var reply = await SentReplyAsync(admin);
        Assert.Equal("+48501234567", reply.GetProperty("to").GetString());
    }

    [Fact]
    public async Task A_wrong_password_places_no_call_and_says_only_that_the_login_failed()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234");

        await _app.PostSmsAsync("msg-3", "48501234567", "U.callback P.wrong D.48774417880 O.48600316058");
        await _app.PostSmsAsync("msg-4", "48501234568", "U.nobody P.wrong D.48774417880 O.48600316058");

        var replies = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"), r => r.Length == 2, "two replies");
        Assert.All(replies, r => Assert.Equal("Login failed.", r.GetProperty("text").GetString()));
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")]
    [InlineData("md5=abc")]
    public async Task A_missing_or_wrong_signature_is_401_and_stores_nothing(string? signature)
    {
        var body = Body("msg-sig", "48600316058", "D.48774417880");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null) request.Headers.TryAddWithoutValidation("X-Signature", signature);

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await GetArrayAsync(await _app.AdminClientAsync(), "/api/admin/sms/inbox"));
    }

    [Fact]
    public async Task A_body_signed_with_another_secret_or_changed_after_signing_is_refused()
    {
        var body = Body("msg-sig2", "48600316058", "D.48774417880");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.PostSignedAsync(body, Sign(body, "another-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.PostSignedAsync(body.Replace("48774417880", "48900000000"), Sign(body))).StatusCode);
        Assert.Empty(await GetArrayAsync(await _app.AdminClientAsync(), "/api/admin/sms/inbox"));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"messageId\":\"x\",")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"messageId\":\"m\",\"from\":\"48600316058\",\"text\":\"D.1\",\"receivedAt\":\"yesterday\"}")]
    public async Task A_malformed_body_is_400_problem_details_and_stores_nothing(string body)
    {
        var response = await _app.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await GetArrayAsync(await _app.AdminClientAsync(), "/api/admin/sms/inbox"));
    }

    [Fact]
    public async Task Missing_fields_are_400_with_the_field_names()
    {
        var body = JsonSerializer.Serialize(new { to = "48500100200" });
        var response = await _app.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("messageId", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("from", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("text", out _), errors.ToString());
        Assert.Empty(await GetArrayAsync(await _app.AdminClientAsync(), "/api/admin/sms/inbox"));
    }

    [Fact]
    public async Task A_body_over_16_KiB_is_413_and_stores_nothing()
    {
        var body = Body("msg-big", "48600316058", "D.48774417880 " + new string('x', 17 * 1024));
        var response = await _app.PostSignedAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await GetArrayAsync(await _app.AdminClientAsync(), "/api/admin/sms/inbox"));
    }

    [Fact]
    public async Task The_same_message_id_twice_is_acknowledged_twice_and_acted_on_once()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        var body = Body("msg-dup", "48600316058", "D.48774417880");

        var first = await _app.PostSignedAsync(body);
        var retries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _app.PostSignedAsync(body)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All(retries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var retry in retries)
            Assert.True((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        await CompletedCallbackAsync(admin);
        await SentReplyAsync(admin);
        await _app.WaitUntilQuietAsync(); // anything a second processing would have done is visible by now
        Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/inbox"));
        Assert.Single(await GetArrayAsync(admin, "/api/admin/callbacks"));
        Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_a_new_message_id_store_it_once()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        var body = Body("msg-race", "48600316058", "D.48774417880");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _app.PostSignedAsync(body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await CompletedCallbackAsync(admin);
        Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/inbox"));
        Assert.Single(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task An_unknown_sender_gets_no_call_and_at_most_one_reply()
    {
        var admin = await _app.AdminClientAsync();

        await _app.PostSmsAsync("u-1", "48501234567", "D.48774417880");
        await _app.PostSmsAsync("u-2", "48501234567", "D.48774417880");
        await _app.PostSmsAsync("u-3", "48501234567", "garbage");

        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/inbox"),
            items => items.Length == 3 && items.All(i => i.GetProperty("status").GetString() == "Processed"), "three processed SMS");
        var outbox = await GetArrayAsync(admin, "/api/admin/sms/outbox");
        var reply = Assert.Single(outbox);
        Assert.Equal("+48501234567", reply.GetProperty("to").GetString());
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task An_invalid_destination_is_an_error_reply_never_a_call()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");

        await _app.PostSmsAsync("bad-dest", "48600316058", "D.12345");

        var reply = await SentReplyAsync(admin);
        Assert.Equal("Invalid destination number 12345.", reply.GetProperty("text").GetString());
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    private static async Task<JsonElement> CompletedCallbackAsync(HttpClient admin)
    {
        var callbacks = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed"
                 && c[0].GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended"),
            "a completed callback with both legs ended (each leg's hang-up is its own event)");
        return callbacks[0];
    }

    private static async Task<JsonElement> SentReplyAsync(HttpClient admin)
    {
        var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent", "a sent reply");
        return outbox[0];
    }
}
