using System.Globalization;
using System.Text;
using Mediator;
using SmsCallback.Api.Webhooks;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Sms.ReceiveInboundSms;
using SmsCallback.Application.Sms.ReceiveInboundSmsPart;
using SmsCallback.Infrastructure.Sms.Carriers;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Api.Endpoints;

/// <summary>The carriers' webhooks. Each finds the access number (by the receiving number, or for Kannel by the URL secret), verifies the
/// request the carrier's way (401 when the proof is missing, 403 when it is wrong; nothing stored), stores the SMS once per carrier
/// message id and answers the way the carrier expects. Processing happens after the answer.</summary>
internal static class CarrierInbound
{
    private static readonly string[] GetAndPost = ["GET", "POST"];

    public static void Map(RouteGroupBuilder group)
    {
        group.MapMethods("/twilio", GetAndPost, ReceiveTwilio).WithSummary("Twilio messaging webhook (X-Twilio-Signature); answers empty TwiML.");
        group.MapMethods("/vonage", GetAndPost, ReceiveVonage)
            .WithSummary("Vonage inbound SMS webhook (GET, form or JSON); sig and a timestamp within 5 minutes, unless the number allows unsigned webhooks.");
        group.MapMethods("/plivo", GetAndPost, ReceivePlivo).WithSummary("Plivo message URL (X-Plivo-Signature-V3).");
        group.MapMethods("/kannel", GetAndPost, ReceiveKannel).WithSummary("Kannel smsbox get-url/post-url with ?secret=…&id=%I&from=%p&to=%P[&text=%a].");
    }

    private static async Task<IResult> ReceiveTwilio(HttpRequest http, ISender sender, ICarrierAccounts accounts, IConfiguration config, CancellationToken ct)
    {
        var (request, problem) = await CarrierWebhook.ReadAsync(http, bodyIsText: false, ct);
        if (request is null) return problem!;
        var signature = http.Headers["X-Twilio-Signature"].ToString();
        if (signature.Length == 0) return Unauthorized("X-Twilio-Signature is missing.");
        var account = await accounts.FindByNumberAsync("twilio", request.Get("To") ?? "", ct);
        if (account?.SecretValue(S.AuthToken) is not { } token
            || !TwilioSignature.IsValid(token, CarrierWebhook.PublicUrl(http, config), request.Body, signature))
            return Forbidden("The signature does not match (or the To number is not a Twilio access number).");

        if (await ReceiveAsync(sender, "twilio", request.Get("MessageSid") ?? request.Get("SmsSid"), request.Get("From"), request.Get("To"),
                request.Get("Body"), null, ct) is { } invalid)
            return invalid;
        return TypedResults.Text("<Response></Response>", "text/xml", Encoding.UTF8);
    }

    /// <summary>How far a signed webhook's <c>timestamp</c> may be from the service clock, either way: a captured request cannot be replayed later.</summary>
    public static readonly TimeSpan VonageTimestampTolerance = TimeSpan.FromMinutes(5);

    private static async Task<IResult> ReceiveVonage(HttpRequest http, ISender sender, ICarrierAccounts accounts, TimeProvider clock, CancellationToken ct)
    {
        var (request, problem) = await CarrierWebhook.ReadAsync(http, bodyIsText: false, ct);
        if (request is null) return problem!;
        var account = await accounts.FindByNumberAsync("vonage", request.Get("to") ?? "", ct);
        if (account is null) return Forbidden("The to number is not a Vonage access number.");
        if (account.SecretValue(S.SignatureSecret) is { } secret)
        {
            if (string.IsNullOrEmpty(request.Get("sig"))) return Unauthorized("Signing is on for this number and sig is missing.");
            if (!VonageSignature.IsValid(account.Setting(S.SignatureMethod) ?? "md5hash", secret, request.All))
                return Forbidden("The sig does not match.");
            if (!long.TryParse(request.Get("timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                || (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > VonageTimestampTolerance)
                return Unauthorized("The signed timestamp is missing or more than 5 minutes from the service clock.");
        }
        else if (account.Setting(S.AllowUnsigned) != "true")
        {
            return Forbidden("This Vonage number has no signature secret and does not allow unsigned webhooks; register it with its signatureSecret.");
        }

        var (id, from, to, text) = (request.Get("messageId"), request.Get("msisdn"), request.Get("to"), request.Get("text"));
        var receivedAt = DateTimeOffset.TryParse(request.Get("message-timestamp"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        if (request.Get("concat") == "true")
        {
            if (!int.TryParse(request.Get("concat-part"), out var part) || !int.TryParse(request.Get("concat-total"), out var total)
                || string.IsNullOrEmpty(request.Get("concat-ref")) || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(from))
                return BadRequest("A concat part needs messageId, msisdn, concat-ref, concat-part and concat-total.");
            await sender.Send(new ReceiveInboundSmsPartCommand("vonage", id, from, to ?? "", request.Get("concat-ref")!, part, total, text ?? "",
                receivedAt), ct);
            return TypedResults.Ok();
        }
        return await ReceiveAsync(sender, "vonage", id, from, to, text, receivedAt, ct) ?? TypedResults.Ok();
    }

    private static async Task<IResult> ReceivePlivo(HttpRequest http, ISender sender, ICarrierAccounts accounts, IConfiguration config, CancellationToken ct)
    {
        var (request, problem) = await CarrierWebhook.ReadAsync(http, bodyIsText: false, ct);
        if (request is null) return problem!;
        var signature = http.Headers["X-Plivo-Signature-V3"].ToString() is { Length: > 0 } v3 ? v3 : http.Headers["X-Plivo-Signature-MA-V3"].ToString();
        var nonce = http.Headers["X-Plivo-Signature-V3-Nonce"].ToString();
        if (signature.Length == 0 || nonce.Length == 0) return Unauthorized("X-Plivo-Signature-V3 or its nonce is missing.");
        var account = await accounts.FindByNumberAsync("plivo", request.Get("To") ?? "", ct);
        if (account?.SecretValue(S.AuthToken) is not { } token
            || !PlivoSignatureV3.IsValid(token, CarrierWebhook.PublicUrl(http, config), request.Body, nonce, signature))
            return Forbidden("The signature does not match (or the To number is not a Plivo access number).");

        return await ReceiveAsync(sender, "plivo", request.Get("MessageUUID"), request.Get("From"), request.Get("To"), request.Get("Text"), null, ct)
            ?? TypedResults.Ok();
    }

    /// <summary>Kannel treats only 200 and 202 as delivered (204 is a failure), and sends a text/plain body back as an SMS:
    /// so the answer is an empty 200 (with <c>omit-empty = true</c> nothing is sent); the reply leaves through sendsms.</summary>
    private static async Task<IResult> ReceiveKannel(HttpRequest http, ISender sender, ICarrierAccounts accounts, CancellationToken ct)
    {
        var (request, problem) = await CarrierWebhook.ReadAsync(http, bodyIsText: true, ct);
        if (request is null) return problem!;
        var secret = request.Get("secret");
        if (string.IsNullOrEmpty(secret)) return Unauthorized("The secret is missing from the URL.");
        var to = request.Get("to") ?? http.Headers["X-Kannel-To"].ToString();
        if (await accounts.FindBySecretAsync("kannel", secret, to, ct) is null) return Forbidden("Wrong secret.");

        var from = request.Get("from") ?? http.Headers["X-Kannel-From"].ToString();
        var text = HttpMethods.IsPost(http.Method) ? KannelText(http, request.RawBody) : request.Get("text");
        if (text is null) return BadRequest("The body is not text in the declared charset.");
        return await ReceiveAsync(sender, "kannel", request.Get("id"), from, to, text, null, ct) ?? TypedResults.Text("", "text/plain");
    }

    /// <summary>A post-url body: UCS-2 messages (X-Kannel-Coding 2) come as UTF-16BE, others in the declared charset or UTF-8.</summary>
    private static string? KannelText(HttpRequest http, byte[] body)
    {
        try
        {
            var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(http.ContentType, out var type) ? type.Charset.ToString() : "";
            var encoding = http.Headers["X-Kannel-Coding"] == "2" && charset.Length == 0 ? Encoding.BigEndianUnicode
                : charset.Length > 0 ? Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                : new UTF8Encoding(false, throwOnInvalidBytes: true);
            return encoding.GetString(body);
        }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException or NotSupportedException) // NotSupported: utf-7
        {
            return null;
        }
    }

    /// <summary>Stores the SMS (a repeat of the same carrier message id is acknowledged and ignored); a 400 when a field is missing.</summary>
    private static async Task<IResult?> ReceiveAsync(ISender sender, string channel, string? id, string? from, string? to, string? text,
        DateTimeOffset? receivedAt, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(from) || text is null)
            return BadRequest("The message id, the sender and the text are required.");
        await sender.Send(new ReceiveInboundSmsCommand(channel, id, from, to ?? "", text, receivedAt), ct);
        return null;
    }

    private static IResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
    private static IResult Unauthorized(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);
    private static IResult Forbidden(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden);
}
