using System.Diagnostics;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The README's five-minute walk-through, run as written — the first bash block under its heading, through bash, curl and
/// openssl — against the service on Kestrel at 127.0.0.1 on a fresh data directory. Only what cannot be the same on a test machine is
/// replaced: the port, the printed admin password and the data directory holding the webhook secret.</summary>
public sealed class ReadmeWalkthroughTests : IDisposable
{
    private readonly int _port = SmsCallback.Api.IntegrationTests.Infrastructure.ServiceProcess.FreePort();
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_walk_through_places_a_call_and_queues_the_reply_on_a_fresh_install()
    {
        _app.UseKestrel(_port);
        _app.StartServer();
        var data = Path.Combine(_app.DataDirectory, "readme");
        Directory.CreateDirectory(data);
        await File.WriteAllTextAsync(Path.Combine(data, "generic-webhook.secret"), WebhookSecret);

        var script = WalkThrough()
            .Replace("<the admin password printed at the first start>", AdminPassword, StringComparison.Ordinal)
            .Replace("src/Api/data/", data + "/", StringComparison.Ordinal)
            .Replace("localhost:5080", $"127.0.0.1:{_port}", StringComparison.Ordinal);
        var (exit, output) = await BashAsync(script);

        Assert.True(exit == 0, $"The walk-through failed ({exit}):\n{output}");
        Assert.Contains("\"duplicate\":false", output, StringComparison.Ordinal);
        var admin = await _app.AdminClientAsync();
        var callback = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed", "the walk-through's call completed"))[0];
        Assert.Equal(("+48600316058", "+48774417880"), (callback.GetProperty("source").GetString(), callback.GetProperty("destination").GetString()));
        var reply = (await GetArrayAsync(admin, "/api/admin/sms/outbox")).Single();
        Assert.Equal("Calling +48600316058, then +48774417880.", reply.GetProperty("text").GetString());
    }

    /// <summary>The first <c>```bash</c> block after the walk-through's heading in the repository's README.md.</summary>
    private static string WalkThrough()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsCallback.sln"))) dir = dir.Parent;
        var readme = File.ReadAllText(Path.Combine(dir!.FullName, "README.md"));
        var section = readme[readme.IndexOf("## Five-minute walk-through", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        return section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
    }

    private static async Task<(int Exit, string Output)> BashAsync(string script)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(start)!;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = bash.StandardOutput.ReadToEndAsync(bound.Token);
        var stderr = bash.StandardError.ReadToEndAsync(bound.Token);
        await bash.WaitForExitAsync(bound.Token);
        return (bash.ExitCode, await stdout + await stderr);
    }

}
