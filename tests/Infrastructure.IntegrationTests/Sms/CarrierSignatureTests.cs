using System.Security.Cryptography;
using System.Text;
using SmsCallback.Infrastructure.Sms.Carriers;

namespace SmsCallback.Infrastructure.IntegrationTests.Sms;

/// <summary>The carriers' webhook signatures against their published examples, and failures on a changed parameter, URL or missing header.</summary>
public sealed class CarrierSignatureTests
{
    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    // twilio-csharp test/Twilio.Test/Security/RequestValidatorTest.cs: auth token "12345", this URL and these parameters
    // (intentionally out of alphabetical order) sign to "RSOYDt4T1cUTdK1PDd93/VVr8B8=".
    private const string TwilioUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string TwilioSignatureOfExample = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static readonly List<KeyValuePair<string, string>> TwilioParameters =
        [P("CallSid", "CA1234567890ABCDE"), P("From", "+14158675309"), P("Digits", "1234"), P("To", "+18005551212"), P("Caller", "+14158675309")];

    [Fact]
    public void Twilio_accepts_the_sdk_example() =>
        Assert.True(TwilioSignature.IsValid("12345", TwilioUrl, TwilioParameters, TwilioSignatureOfExample));

    [Fact]
    public void Twilio_matches_the_official_request_validator_including_the_url_with_a_port()
    {
        var validator = new Twilio.Security.RequestValidator("12345");
        var parameters = TwilioParameters.ToDictionary(p => p.Key, p => p.Value);
        Assert.True(validator.Validate(TwilioUrl, parameters, TwilioSignatureOfExample));
        // Twilio may sign the URL with the explicit port; both the SDK and we accept it.
        var signedWithPort = TwilioSignature.Compute("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", TwilioParameters);
        Assert.True(validator.Validate(TwilioUrl, parameters, signedWithPort));
        Assert.True(TwilioSignature.IsValid("12345", TwilioUrl, TwilioParameters, signedWithPort));
        Assert.Equal(TwilioSignatureOfExample, TwilioSignature.Compute("12345", TwilioUrl, TwilioParameters));
    }

    [Fact]
    public void Twilio_rejects_a_changed_parameter_a_changed_url_a_wrong_token_and_a_missing_header()
    {
        List<KeyValuePair<string, string>> changed = [.. TwilioParameters.Where(p => p.Key != "Digits"), P("Digits", "1235")];
        Assert.False(TwilioSignature.IsValid("12345", TwilioUrl, changed, TwilioSignatureOfExample));
        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=3", TwilioParameters, TwilioSignatureOfExample));
        Assert.False(TwilioSignature.IsValid("54321", TwilioUrl, TwilioParameters, TwilioSignatureOfExample));
        Assert.False(TwilioSignature.IsValid("12345", TwilioUrl, TwilioParameters, null));
        Assert.False(new Twilio.Security.RequestValidator("12345").Validate(TwilioUrl, changed.ToDictionary(p => p.Key, p => p.Value), TwilioSignatureOfExample));
    }

    // Vonage: the inbound SMS of vonage-dotnet-sdk Vonage.Test (InboundSms signature tests: api-key abcd1234, msisdn 447700900001, …, signing
    // secret "Y6dI3wtDP8myVH5tnDoIaTxEvAJhgDVCczBa1mHniEqsdlnnebg"). The SDK computes its expected sig with its own generator, so the
    // string to sign is written out here by hand from Vonage's documented rule (sorted by key, '&' and '=' in values replaced by '_').
    private const string VonageSecret = "Y6dI3wtDP8myVH5tnDoIaTxEvAJhgDVCczBa1mHniEqsdlnnebg";
    private static readonly List<KeyValuePair<string, string>> VonageInbound =
    [
        P("msisdn", "447700900001"), P("to", "447700900000"), P("messageId", "0A0000000123ABCD1"), P("text", "Hello world & more=fun"),
        P("type", "text"), P("keyword", "HELLO"), P("api-key", "abcd1234"), P("message-timestamp", "2020-01-01T12:00:00.000+00:00"),
        P("timestamp", "1578787200"), P("nonce", "aaaaaaaa-bbbb-cccc-dddd-0123456789ab"),
    ];
    private const string VonageSigned =
        "&api-key=abcd1234&keyword=HELLO&message-timestamp=2020-01-01T12:00:00.000+00:00&messageId=0A0000000123ABCD1&msisdn=447700900001" +
        "&nonce=aaaaaaaa-bbbb-cccc-dddd-0123456789ab&text=Hello world _ more_fun&timestamp=1578787200&to=447700900000&type=text";

    public static TheoryData<string, string> VonageModes() => new()
    {
        { "md5hash", Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(VonageSigned + VonageSecret))) },
        { "md5", Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(VonageSecret), Encoding.UTF8.GetBytes(VonageSigned))) },
        { "sha1", Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(VonageSecret), Encoding.UTF8.GetBytes(VonageSigned))) },
        { "sha256", Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(VonageSecret), Encoding.UTF8.GetBytes(VonageSigned))) },
        { "sha512", Convert.ToHexString(HMACSHA512.HashData(Encoding.UTF8.GetBytes(VonageSecret), Encoding.UTF8.GetBytes(VonageSigned))) },
    };

    [Theory]
    [MemberData(nameof(VonageModes))]
    public void Vonage_accepts_each_signing_mode_and_rejects_changes(string method, string sig)
    {
        List<KeyValuePair<string, string>> signed = [.. VonageInbound, P("sig", sig)];
        Assert.True(VonageSignature.IsValid(method, VonageSecret, signed));

        List<KeyValuePair<string, string>> changed = [.. signed.Where(p => p.Key != "text"), P("text", "Hello world & more=fum")];
        Assert.False(VonageSignature.IsValid(method, VonageSecret, changed));
        Assert.False(VonageSignature.IsValid(method, VonageSecret, VonageInbound)); // no sig
        Assert.False(VonageSignature.IsValid(method, VonageSecret + "x", signed));
    }

    // Plivo V3 (plivo-python plivo/utils/signature_v3.py, validate_v3_signature): for a POST the signed string is
    // url-without-query + "?" + [sorted query + "."] + sorted form fields as key+value, then "." + nonce; HMAC-SHA256 with the auth token, Base64.
    // No published vector exists in the SDKs' tests for V3, so the strings are spelled out by hand from that code.
    private const string PlivoToken = "MjFmMmJiODVlOGRiZDIyNzdhMTdhYjMw12345678";
    private const string PlivoNonce = "05429567804466091622";
    private static readonly List<KeyValuePair<string, string>> PlivoForm =
        [P("To", "48500100200"), P("From", "48600316058"), P("Type", "sms"), P("MessageUUID", "4ee368ae-25ed-11e3-a36e-22000ac6194a"), P("Text", "D.48774417880")];

    private static string HmacB64(string data) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(PlivoToken), Encoding.UTF8.GetBytes(data)));

    [Fact]
    public void Plivo_v3_signs_the_url_the_sorted_fields_and_the_nonce()
    {
        var expected = HmacB64("https://sms.example.com/api/sms/inbound/plivo?From48600316058MessageUUID4ee368ae-25ed-11e3-a36e-22000ac6194a" +
                               "TextD.48774417880To48500100200Typesms." + PlivoNonce);
        Assert.True(PlivoSignatureV3.IsValid(PlivoToken, "https://sms.example.com/api/sms/inbound/plivo", PlivoForm, PlivoNonce, expected));

        var withQuery = HmacB64("https://sms.example.com/api/sms/inbound/plivo?a=1&b=2.From48600316058MessageUUID4ee368ae-25ed-11e3-a36e-22000ac6194a" +
                                "TextD.48774417880To48500100200Typesms." + PlivoNonce);
        Assert.True(PlivoSignatureV3.IsValid(PlivoToken, "https://sms.example.com/api/sms/inbound/plivo?b=2&a=1", PlivoForm, PlivoNonce, withQuery));
        // Several active tokens: the header lists one signature per token.
        Assert.True(PlivoSignatureV3.IsValid(PlivoToken, "https://sms.example.com/api/sms/inbound/plivo", PlivoForm, PlivoNonce, "bm90IGl0," + expected));
    }

    [Fact]
    public void Plivo_v3_rejects_a_changed_field_a_changed_url_another_nonce_and_a_missing_header()
    {
        const string url = "https://sms.example.com/api/sms/inbound/plivo";
        var signature = PlivoSignatureV3.Compute(PlivoToken, url, PlivoForm, PlivoNonce);
        List<KeyValuePair<string, string>> changed = [.. PlivoForm.Where(p => p.Key != "Text"), P("Text", "D.48774417881")];
        Assert.False(PlivoSignatureV3.IsValid(PlivoToken, url, changed, PlivoNonce, signature));
        Assert.False(PlivoSignatureV3.IsValid(PlivoToken, url + "2", PlivoForm, PlivoNonce, signature));
        Assert.False(PlivoSignatureV3.IsValid(PlivoToken, url, PlivoForm, "1" + PlivoNonce, signature));
        Assert.False(PlivoSignatureV3.IsValid(PlivoToken, url, PlivoForm, PlivoNonce, null));
        Assert.False(PlivoSignatureV3.IsValid(PlivoToken, url, PlivoForm, null, signature));
    }
}
