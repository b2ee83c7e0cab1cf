using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>An unexpected error is answered with a 500 problem that carries a correlation id, and logged once with the request's path
/// and that id, so an operator can find it. Bad input is a 4xx, not an unexpected error.</summary>
public sealed class UnexpectedErrorTests : IDisposable
{
    private readonly LogCollector _logs = new();
    private readonly SmsCallbackApp _app;

    public UnexpectedErrorTests() => _app = new SmsCallbackApp(settings: new Dictionary<string, string?>
    {
        ["Sms:CarrierUrls:AllowHttpToLoopback"] = "true", // the Kannel number below sends to a loopback port
    })
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<ILoggerProvider>(_logs);
            services.RemoveAll<IIvrSettingsRepository>();
            services.AddScoped<IIvrSettingsRepository, BrokenIvrSettings>();
        },
    };

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_unexpected_exception_is_logged_once_with_the_path_and_the_id_the_answer_carries()
    {
        var admin = await _app.AdminClientAsync();

        var response = await admin.GetAsync("/api/admin/ivr-settings");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(BrokenIvrSettings.Secret, body); // no internals in the answer
        var id = JsonDocument.Parse(body).RootElement.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(id));
        var logged = await SmsCallbackApp.EventuallyAsync(() => Task.FromResult(_logs.Entries.Where(e => e.Exception is BrokenIvrSettings.Failure).ToList()),
            e => e.Count > 0, "the error to be logged");
        var entry = Assert.Single(logged);
        Assert.True(entry.Level >= LogLevel.Error);
        Assert.Contains("/api/admin/ivr-settings", entry.Message, StringComparison.Ordinal);
        Assert.Contains(id!, entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kannel_post_in_a_charset_dotnet_refuses_is_a_400_not_a_500()
    {
        const string secret = "kannel-url-secret-0123456789";
        var admin = await _app.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/access-numbers", new
        {
            number = "48500100200", channel = "kannel", secret,
            kannel = new { sendSmsUrl = "http://127.0.0.1:9/cgi-bin/sendsms", username = "u", password = "p" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/sms/inbound/kannel?secret={secret}&id=utf7-1&from=48600316058&to=48500100200")
        {
            Content = new ByteArrayContent(Encoding.ASCII.GetBytes("HELP +AGEA-")),
        };
        post.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=utf-7");
        var response = await _app.CreateClient().SendAsync(post);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await SmsCallbackApp.GetArrayAsync(admin, "/api/admin/sms/inbox"));
    }

    private sealed class BrokenIvrSettings : IIvrSettingsRepository
    {
        public const string Secret = "connection-string-with-password";

        public sealed class Failure(string message) : Exception(message);

        public Task<Domain.Ivr.IvrSettings> GetAsync(CancellationToken ct) => throw new Failure("The store is down: " + Secret);
        public Task<Domain.Ivr.IvrSettings> GetForUpdateAsync(CancellationToken ct) => throw new Failure("The store is down: " + Secret);
    }
}
