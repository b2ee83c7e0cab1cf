using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Forwarder;
using SmsCallback.Forwarder.Protocol;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The platform's side of the forwarder: registration, signed batches, dedupe, outbound polling and results.</summary>
public sealed class ForwarderApiTests : IDisposable
{
    private const string Registered = "48600316058";
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(HttpClient Admin, Guid Id, string Key)> RegisterAsync(string accessNumber = "48500100200")
    {
        var admin = await _app.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/forwarders", new { name = "Office modem", accessNumber });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (admin, body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private ForwarderPlatformClient ClientFor(Guid id, string key) =>
        new(new HttpClient(_app.Server.CreateHandler()), new ForwarderOptions { PlatformUrl = "http://localhost", Id = id, Key = key }, TimeProvider.System);

    [Fact]
    public async Task Registration_returns_the_key_once_and_the_list_shows_contact_and_signal_but_no_key()
    {
        var (admin, id, key) = await RegisterAsync();
        Assert.True(key.Length >= 32);

        var listed = Assert.Single(await GetArrayAsync(admin, "/api/admin/forwarders"));
        Assert.Equal(id, listed.GetProperty("id").GetGuid());
        Assert.Equal("+48500100200", listed.GetProperty("accessNumber").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastContactAt").ValueKind);
        Assert.DoesNotContain(key, listed.GetRawText());
        Assert.False(listed.TryGetProperty("key", out _));

        await ClientFor(id, key).SendMessagesAsync([], signal: 21, registration: 1, CancellationToken.None);
        listed = Assert.Single(await GetArrayAsync(admin, "/api/admin/forwarders"));
        Assert.Equal(21, listed.GetProperty("signalQuality").GetInt32());
        Assert.Equal(1, listed.GetProperty("registration").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastContactAt").ValueKind);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/admin/forwarders", new { name = "Again", accessNumber = "+48500100200" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/forwarders", new { name = "Bad", accessNumber = "call me" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PostAsJsonAsync("/api/admin/forwarders", new { name = "x", accessNumber = "48500100201" })).StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_a_tampered_body_or_an_old_timestamp_gets_401_and_nothing_is_stored()
    {
        var (admin, id, key) = await RegisterAsync();
        var message = new ForwardedMessage("k1", "+" + Registered, "HELP", DateTimeOffset.UtcNow);

        var wrongKey = await Assert.ThrowsAsync<PlatformRejectedException>(() => ClientFor(id, key + "x").SendMessagesAsync([message], null, null, default));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.Status);
        var unknown = await Assert.ThrowsAsync<PlatformRejectedException>(() => ClientFor(Guid.NewGuid(), key).SendMessagesAsync([message], null, null, default));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);

        var body = Encoding.UTF8.GetBytes("""{"messages":[{"key":"k2","from":"+48600316058","text":"HELP"}]}""");
        var path = $"/api/forwarders/{id}/messages";
        async Task<HttpStatusCode> PostAsync(long timestamp, byte[] signed, byte[] sent)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(sent) };
            request.Headers.Add(ForwarderSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add(ForwarderSignature.SignatureHeader, ForwarderSignature.Sign(key, timestamp, "POST", path, signed));
            return (await _app.CreateClient().SendAsync(request)).StatusCode;
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var tampered = Encoding.UTF8.GetBytes("""{"messages":[{"key":"k2","from":"+48600316058","text":"HELP!"}]}""");
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(now, body, tampered));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(now - 600, body, body));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(now + 600, body, body));

        Assert.Empty(await GetArrayAsync(admin, "/api/admin/sms/inbox"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(now, body, body)); // the same request, correctly signed, is accepted
        Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/inbox"));
    }

    [Fact]
    public async Task A_forwarded_sms_starts_a_callback_once_and_its_reply_waits_for_the_forwarder_to_report()
    {
        var (admin, id, key) = await RegisterAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", Registered);
        var client = ClientFor(id, key);
        var message = new ForwardedMessage("pdu-abc", "+" + Registered, "D.48774417880", DateTimeOffset.UtcNow.AddSeconds(-5));

        await client.SendMessagesAsync([message], 18, 1, default);
        await client.SendMessagesAsync([message], 18, 1, default); // a retry after a lost answer

        var inbox = Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/inbox"));
        Assert.Equal("forwarder", inbox.GetProperty("channel").GetString());
        Assert.Equal($"{id}:pdu-abc", inbox.GetProperty("messageId").GetString());
        Assert.Equal("+48500100200", inbox.GetProperty("to").GetString());
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"), c => c.Length == 1, "one callback");

        var outbound = await EventuallyAsync(() => client.GetOutboundAsync(default), o => o.Count == 1, "the reply offered to the forwarder");
        Assert.Equal("+48600316058", outbound[0].To);
        Assert.Equal("Calling +48600316058, then +48774417880.", outbound[0].Text);
        var reply = Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));
        Assert.Equal("AwaitingResult", reply.GetProperty("status").GetString());
        Assert.Equal("+48500100200", reply.GetProperty("from").GetString());

        await client.ReportResultAsync(outbound[0].MessageId, sent: true, reference: "17", error: null, default);
        await client.ReportResultAsync(outbound[0].MessageId, sent: false, reference: null, error: "late duplicate", default); // ignored
        reply = Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));
        Assert.Equal("Sent", reply.GetProperty("status").GetString());
        Assert.Equal("17", reply.GetProperty("externalId").GetString());
        Assert.Empty(await client.GetOutboundAsync(default));

        await _app.WaitUntilQuietAsync();
        Assert.Single(await GetArrayAsync(admin, "/api/admin/callbacks"));

        // Another forwarder cannot see or settle this forwarder's replies.
        var (_, otherId, otherKey) = await RegisterAsync("48500100300");
        var other = await Assert.ThrowsAsync<PlatformRejectedException>(() =>
            ClientFor(otherId, otherKey).ReportResultAsync(outbound[0].MessageId, true, null, null, default));
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
    }

    [Fact]
    public async Task A_modems_status_report_marks_the_reply_delivered_by_reference_and_recipient_and_a_forged_one_is_refused()
    {
        var (admin, id, key) = await RegisterAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", Registered);
        var client = ClientFor(id, key);
        await client.SendMessagesAsync([new ForwardedMessage("pdu-help", "+" + Registered, "HELP", DateTimeOffset.UtcNow)], null, null, default);
        var outbound = await EventuallyAsync(() => client.GetOutboundAsync(default), o => o.Count == 1, "the reply offered to the forwarder");
        await client.ReportResultAsync(outbound[0].MessageId, sent: true, reference: "41,42", error: null, default); // a reply in two parts

        // Decoded by the forwarder from the modem's SMS-STATUS-REPORT (TP-MR 42, TP-ST 0x00), posted over the signed API.
        var report = SmsCallback.Forwarder.Pdu.SmsPdu.DecodeStatusReport(
            "07918406921511F1062A0B918406306150F8622120410300406221204103504000");
        var posted = new DeliveryStatusReport(report.MessageReference, report.Recipient, report.Status, report.DischargedAt);

        var forged = await Assert.ThrowsAsync<PlatformRejectedException>(() => ClientFor(id, key + "x").ReportDeliveryAsync(posted, default));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        var (_, otherId, otherKey) = await RegisterAsync("48500100300");
        await ClientFor(otherId, otherKey).ReportDeliveryAsync(posted, default); // another forwarder's report matches none of its replies
        var reply = Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));
        Assert.Equal(("Sent", JsonValueKind.Null), (reply.GetProperty("state").GetString(), reply.GetProperty("carrierStatus").ValueKind));

        await client.ReportDeliveryAsync(posted with { Reference = 43 }, default); // no reply with that reference: answered, nothing changes
        await client.ReportDeliveryAsync(posted with { Status = 0x21 }, default); // the service centre still tries
        Assert.Equal(("Sent", "0x21"), (Str(await OutboxAsync(admin), "state"), Str(await OutboxAsync(admin), "carrierStatus")));
        await client.ReportDeliveryAsync(posted, default);
        await client.ReportDeliveryAsync(posted with { Status = 0x41 }, default); // late, after the final report: ignored
        reply = await OutboxAsync(admin);
        Assert.Equal(("Delivered", "0x00", "Sent"), (Str(reply, "state"), Str(reply, "carrierStatus"), Str(reply, "status")));

        var bad = await Assert.ThrowsAsync<PlatformRejectedException>(() => client.ReportDeliveryAsync(posted with { Reference = 300 }, default));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    private static async Task<JsonElement> OutboxAsync(HttpClient admin) => Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
