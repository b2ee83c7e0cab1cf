using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace SmsCallback.Api.IntegrationTests.RealAsterisk;

/// <summary>A real Asterisk, started for one test from a configuration generated in a temporary folder: ARI over HTTP on a free loopback
/// port, and the dialplan the platform's legs are dialled into (<c>Local/{number}@sim</c>). What each number does is set by the test in
/// Asterisk's own database before it is dialled (<see cref="BehaveAsync"/>), and the far end is steered while the call is up
/// (<see cref="PressAsync"/>, <see cref="HangUpFarEndAsync"/>) through the same database, which the dialplan polls.
/// The binary comes from <c>SMSCALLBACK_TEST_ASTERISK</c> or <c>/opt/asterisk/sbin/asterisk</c>, as built by
/// <c>scripts/build-asterisk.sh</c>.</summary>
public sealed class AsteriskInstance : IAsyncDisposable
{
    public const string Username = "smscallback";
    public const string Password = "real-ari-secret";
    public const string App = "smscallback";

    /// <summary>The first number of each leg's dialplan: what a number does until told otherwise.</summary>
    public enum Behaviour { Answer, Busy, NoAnswer }

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _dir;
    private readonly string _binary;
    private Process? _process;
    private readonly StringBuilder _output = new();

    private AsteriskInstance(string binary, string dir, int port)
    {
        _binary = binary;
        _dir = dir;
        Port = port;
    }

    /// <summary>The Asterisk binary the tests use, or null when none is installed (the tests are then skipped).</summary>
    public static string? Binary { get; } = Find();

    public int Port { get; }

    /// <summary>The ARI root, as the platform's <c>Switch:Asterisk:BaseUrl</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}/ari";

    /// <summary>The channel endpoint, as the platform's <c>Switch:Asterisk:Endpoint</c>.</summary>
    public const string Endpoint = "Local/{number}@sim";

    /// <summary>The installation's prefix (…/sbin/asterisk → …).</summary>
    private string Prefix => Path.GetDirectoryName(Path.GetDirectoryName(_binary))!;

    public static async Task<AsteriskInstance> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException("No Asterisk binary.");
        var dir = Path.Combine(Path.GetTempPath(), "smscallback-asterisk", Guid.NewGuid().ToString("N")[..12]);
        var instance = new AsteriskInstance(binary, dir, SmsCallback.Api.IntegrationTests.Infrastructure.ServiceProcess.FreePort());
        await instance.RunAsync();
        return instance;
    }

    /// <summary>Starts Asterisk (again, after <see cref="KillAsync"/>: same configuration, same port) and waits until ARI answers.</summary>
    public async Task RunAsync()
    {
        WriteConfiguration();
        var start = new ProcessStartInfo(_binary)
        {
            ArgumentList = { "-f", "-n", "-C", Path.Combine(_dir, "asterisk.conf") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Asterisk did not start.");
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = AriClient();
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Asterisk exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("asterisk/info");
                if (response.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Asterisk's ARI did not answer on port {Port}:\n{Output}\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>Whether the Asterisk process is still running (it is not after a crash).</summary>
    public bool IsRunning => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>What Asterisk logged to its messages file (notices, warnings, errors, verbose 3).</summary>
    public string Log => File.Exists(Path.Combine(_dir, "log", "messages.log")) ? ReadShared(Path.Combine(_dir, "log", "messages.log")) : "";

    /// <summary>An ARI client of our own, for looking at Asterisk's state (channels, bridges) from outside the platform.</summary>
    public HttpClient AriClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));
        return http;
    }

    /// <summary>Runs one CLI command in the running Asterisk (<c>asterisk -rx</c> on its control socket) and returns what it printed.</summary>
    public async Task<string> CliAsync(string command)
    {
        var start = new ProcessStartInfo(_binary)
        {
            ArgumentList = { "-C", Path.Combine(_dir, "asterisk.conf"), "-rx", command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var cli = Process.Start(start)!;
        using var bound = new CancellationTokenSource(Bound);
        var output = await cli.StandardOutput.ReadToEndAsync(bound.Token);
        await cli.WaitForExitAsync(bound.Token);
        return output;
    }

    /// <summary>What <paramref name="number"/> (digits, as dialled) does when the platform rings it: answer after
    /// <paramref name="ringSeconds"/>, be busy, or ring until the platform gives up.</summary>
    public Task BehaveAsync(string number, Behaviour behaviour, double ringSeconds = 0.5) =>
        CliAsync(FormattableString.Invariant($"database put sim {Digits(number)} {behaviour.ToString().ToLowerInvariant()}:{ringSeconds}"));

    /// <summary>The far end of an answered leg keys <paramref name="keys"/> (DTMF, with SendDTMF).</summary>
    public Task PressAsync(string number, string keys) => CliAsync($"database put simcmd {Digits(number)} dtmf:{keys}");

    /// <summary>The far end of an answered leg hangs up with a Q.850 cause.</summary>
    public Task HangUpFarEndAsync(string number, int cause = 16) =>
        CliAsync(FormattableString.Invariant($"database put simcmd {Digits(number)} hangup:{cause}"));

    /// <summary>A call from <paramref name="caller"/> to the access number <paramref name="accessNumber"/> arrives at the platform's
    /// Stasis application, as a call from a trunk would; the caller's end waits up to a minute for an answer.</summary>
    public Task CallInAsync(string caller, string accessNumber) =>
        CliAsync($"channel originate Local/{Digits(caller)}-{Digits(accessNumber)}@incoming application Wait 60");

    /// <summary>The ids of the channels Asterisk has now.</summary>
    public async Task<IReadOnlyList<string>> ChannelNamesAsync()
    {
        using var http = AriClient();
        var channels = await http.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("channels") ?? [];
        return [.. channels.Select(c => c.GetProperty("name").GetString()!)];
    }

    /// <summary>Kills Asterisk at once (SIGKILL), as a crash or a power cut would; <see cref="RunAsync"/> starts it again.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } p) return;
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            try
            {
                await CliAsync("core stop now");
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await p.WaitForExitAsync(bound.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                await KillAsync();
            }
        }
        _process?.Dispose();
        if (Environment.GetEnvironmentVariable("SMSCALLBACK_KEEP_TEST_DATA") is null)
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void WriteConfiguration()
    {
        foreach (var sub in new[] { "", "lib", "run", "log", "spool", "cache", "agi" }) Directory.CreateDirectory(Path.Combine(_dir, sub));
        var prefix = Prefix;
        Write("asterisk.conf", $"""
            [directories]
            astetcdir => {_dir}
            astmoddir => {prefix}/lib/asterisk/modules
            astvarlibdir => {_dir}/lib
            astdbdir => {_dir}/lib
            astkeydir => {_dir}/lib
            astdatadir => {prefix}/var/lib/asterisk
            astagidir => {_dir}/agi
            astspooldir => {_dir}/spool
            astrundir => {_dir}/run
            astlogdir => {_dir}/log
            astsbindir => {prefix}/sbin
            astcachedir => {_dir}/cache

            [options]
            documentation_language = en_US
            """);
        Write("modules.conf", """
            [modules]
            autoload = no
            load => res_timing_timerfd.so
            load => res_sorcery_config.so
            load => res_sorcery_memory.so
            load => res_sorcery_astdb.so
            load => res_http_websocket.so
            load => res_websocket_client.so
            load => res_stasis.so
            load => res_ari.so
            load => res_ari_model.so
            load => res_ari_applications.so
            load => res_ari_asterisk.so
            load => res_ari_bridges.so
            load => res_ari_channels.so
            load => res_ari_endpoints.so
            load => res_ari_events.so
            load => res_ari_playbacks.so
            load => res_ari_sounds.so
            load => res_stasis_answer.so
            load => res_stasis_playback.so
            load => res_stasis_recording.so
            load => res_stasis_snoop.so
            load => res_ari_recordings.so
            load => res_ari_device_states.so
            load => res_stasis_device_state.so
            load => app_stasis.so
            load => bridge_simple.so
            load => bridge_softmix.so
            load => bridge_holding.so
            load => pbx_config.so
            load => res_clioriginate.so
            load => app_senddtmf.so
            load => func_db.so
            load => func_callerid.so
            load => func_cut.so
            load => func_logic.so
            load => func_strings.so
            load => func_timeout.so
            load => format_wav.so
            load => format_gsm.so
            load => format_pcm.so
            load => format_sln.so
            load => codec_ulaw.so
            load => codec_alaw.so
            load => codec_gsm.so
            load => codec_resample.so
            """);
        Write("http.conf", $"""
            [general]
            enabled = yes
            bindaddr = 127.0.0.1
            bindport = {Port}
            """);
        Write("ari.conf", $"""
            [general]
            enabled = yes

            [{Username}]
            type = user
            read_only = no
            password = {Password}
            """);
        Write("logger.conf", """
            [general]
            [logfiles]
            messages.log => notice,warning,error,verbose(3)
            """);
        Write("extensions.conf", Dialplan);
    }

    /// <summary>
    /// <c>sim</c>: every leg the platform dials. The number's behaviour (<c>answer:S</c>, <c>busy:S</c>, <c>noanswer:S</c>, answer by default)
    /// is read from the database; an answered leg then polls <c>simcmd/&lt;number&gt;</c> for <c>dtmf:KEYS</c> or <c>hangup:CAUSE</c>.
    /// <c>incoming</c>: <c>CALLER-ACCESS</c> sets the caller's number and enters the platform's application as a call to ACCESS from a
    /// trunk (<c>from-trunk</c>) would.
    /// </summary>
    private static string Dialplan => """
        [sim]
        exten => _X.,1,Set(TIMEOUT(absolute)=600)
         same => n,Set(HOW=${DB(sim/${EXTEN})})
         same => n,Set(MODE=${IF($["${HOW}" = ""]?answer:${CUT(HOW,:,1)})})
         same => n,Set(RING=${IF($["${HOW}" = ""]?0.5:${CUT(HOW,:,2)})})
         same => n,GotoIf($["${MODE}" = "busy"]?busy)
         same => n,GotoIf($["${MODE}" = "noanswer"]?noanswer)
         same => n,Ringing()
         same => n,Wait(${RING})
         same => n,Answer()
         same => n(poll),Wait(0.1)
         same => n,Set(CMD=${DB_DELETE(simcmd/${EXTEN})})
         same => n,GotoIf($["${CMD}" = ""]?poll)
         same => n,GotoIf($["${CUT(CMD,:,1)}" = "hangup"]?hangup)
         same => n,SendDTMF(${CUT(CMD,:,2)},120)
         same => n,Goto(poll)
         same => n(hangup),Hangup(${CUT(CMD,:,2)})
         same => n(busy),Ringing()
         same => n,Wait(${RING})
         same => n,Busy(10)
         same => n(noanswer),Ringing()
         same => n,Wait(600)

        [incoming]
        exten => _X.,1,Set(CALLERID(num)=${CUT(EXTEN,-,1)})
         same => n,Goto(from-trunk,${CUT(EXTEN,-,2)},1)

        [from-trunk]
        exten => _X.,1,Stasis(smscallback)
         same => n,Hangup()
        """;

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text.Replace("\r\n", "\n") + "\n");

    private static string Digits(string number) => new([.. number.Where(char.IsAsciiDigit)]);

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }


    private static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("SMSCALLBACK_TEST_ASTERISK") is { Length: > 0 } configured ? configured : "/opt/asterisk/sbin/asterisk";
        return File.Exists(path) ? path : null;
    }
}

/// <summary>A test that runs against a real Asterisk; skipped, with the reason, when no Asterisk binary is installed.</summary>
public sealed class RealAsteriskFactAttribute : FactAttribute
{
    public RealAsteriskFactAttribute()
    {
        if (AsteriskInstance.Binary is null)
            Skip = "No Asterisk binary: set SMSCALLBACK_TEST_ASTERISK or install one at /opt/asterisk (scripts/build-asterisk.sh SOURCE_TREE).";
    }
}
