using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Operations;

/// <summary>Runs only where Debian's <c>prometheus</c> package is installed (./test.sh installs it).</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public const string Prometheus = "/usr/bin/prometheus";
    public const string Promtool = "/usr/bin/promtool";

    public PrometheusFactAttribute()
    {
        if (!File.Exists(Prometheus) || !File.Exists(Promtool))
            Skip = $"{Prometheus} is not installed (apt-get install prometheus; ./test.sh does it)";
    }
}

/// <summary>A real Prometheus scrapes the service on 127.0.0.1 with an admin's token while a callback scenario runs; the domain metrics are
/// read back through Prometheus's HTTP API, and the alert rules of docs/operations load in it.</summary>
public sealed class PrometheusTests
{
    private static readonly string RulesFile = Path.Combine(RepositoryRoot(), "docs", "operations", "prometheus-rules.yml");

    [PrometheusFact]
    public async Task The_alert_rules_pass_promtool()
    {
        var (exitCode, output) = await RunAsync(PrometheusFactAttribute.Promtool, "check", "rules", RulesFile);
        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 6 rules found", output);
    }

    [PrometheusFact]
    public async Task Prometheus_scrapes_the_domain_metrics_of_a_callback_scenario()
    {
        using var service = ServiceProcess.Start();
        await service.WaitUntilLiveAsync();
        var token = "";
        using var admin = await service.ClientForAsync("admin", AdminPassword, t => token = t);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client().GetAsync("/metrics")).StatusCode); // admin-only by default

        var work = Path.Combine(service.DataDirectory, "prometheus");
        Directory.CreateDirectory(work);
        var config = Path.Combine(work, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {RulesFile}
            scrape_configs:
              - job_name: smscallback
                metrics_path: /metrics
                authorization:
                  credentials: {token}
                static_configs:
                  - targets: ["{service.BaseAddress.Authority}"]
            """);
        var port = ServiceProcess.FreePort();
        using var prometheus = Process.Start(new ProcessStartInfo(PrometheusFactAttribute.Prometheus,
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(work, "data")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

            // The scenario: a callback that completes, and one to a blocked premium-rate prefix.
            var account = (await (await admin.PostAsJsonAsync("/api/admin/accounts", new { login = "callback", password = "pass1234" }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}", new { creditLimit = 100, maxConcurrentCallbacks = 5 })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync($"/api/admin/accounts/{account}/phones", new { number = "48600316058" })).EnsureSuccessStatusCode();
            (await admin.PutAsJsonAsync("/api/admin/fraud/blocked-prefixes/48700", new { description = "premium rate" })).EnsureSuccessStatusCode();
            await PostAsync(service, "prom-1", "D.48774417880");
            await PostAsync(service, "prom-2", "D.48700123456");
            await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
                c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed", "the callback completed");

            await ExpectAsync(api, "up{job=\"smscallback\"}", v => v == 1, "Prometheus scrapes the service");
            await ExpectAsync(api, "sum(smscallback_sms_inbound_total{channel=\"generic\",outcome=\"callback_requested\"})", v => v == 1, "SMS processed");
            await ExpectAsync(api, "sum(smscallback_sms_inbound_total{channel=\"generic\",outcome=\"refused\"})", v => v == 1, "SMS refused");
            await ExpectAsync(api, "sum(smscallback_callbacks_started_total{origin=\"sms\"})", v => v == 1, "callbacks started");
            await ExpectAsync(api, "sum(smscallback_callbacks_finished_total{origin=\"sms\",state=\"completed\",reason=\"none\"})", v => v == 1, "callbacks finished");
            await ExpectAsync(api, "sum(smscallback_callbacks_refused_total{rule=\"NumberBlocked\"})", v => v == 1, "fraud refusals by rule");
            await ExpectAsync(api, "sum(smscallback_sms_outbound_total{channel=\"generic\",status=\"sent\"})", v => v == 2, "replies sent");
            await ExpectAsync(api, "sum(smscallback_callbacks_originate_latency_seconds_count)", v => v == 1, "the webhook → originate latency");
            await ExpectAsync(api, "smscallback_switch_up{switch=\"simulator\"}", v => v == 1, "the switch up");
            await ExpectAsync(api, "smscallback_inbox_pending", v => v == 0, "the inbox empty");
            await ExpectAsync(api, "smscallback_callbacks_active", v => v == 0, "no callback active");
            // the SMS, its callback and its events were written under SQLite's one write lock: its use is measured
            await ExpectAsync(api, "smscallback_sqlite_write_lock_held_seconds_total", v => v > 0, "time the write lock was held");
            await ExpectAsync(api, "smscallback_sqlite_write_lock_entries_total", v => v >= 3, "times the write lock was taken");

            var rules = await api.GetFromJsonAsync<JsonElement>("/api/v1/rules");
            var loaded = rules.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Select(r => r.GetProperty("name").GetString()).ToList();
            Assert.Equal(["SmsCallbackSwitchDown", "SmsCallbackInboxBacklog", "SmsCallbackCarrierFailures", "SmsCallbackNoInboundSms", "SmsCallbackFraudRefusalsSpike",
                "SmsCallbackSqliteWriterSaturated"], loaded);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }

    private static async Task PostAsync(ServiceProcess service, string id, string text)
    {
        var body = Body(id, "48600316058", text);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", Sign(body));
        using var client = service.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    /// <summary>Polls Prometheus's query API until the instant vector's single value satisfies <paramref name="expected"/>.</summary>
    private static async Task ExpectAsync(HttpClient api, string query, Func<double, bool> expected, string what) =>
        await EventuallyAsync(async () =>
        {
            var answer = await api.GetFromJsonAsync<JsonElement>("/api/v1/query?query=" + Uri.EscapeDataString(query));
            var result = answer.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 1 ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) : double.NaN;
        }, v => !double.IsNaN(v) && expected(v), $"{what}: {query}", timeoutMs: 30_000);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SmsCallback.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (SmsCallback.sln) was not found above " + AppContext.BaseDirectory);
    }
}
