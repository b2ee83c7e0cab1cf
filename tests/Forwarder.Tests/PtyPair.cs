using System.Diagnostics;

namespace SmsCallback.Forwarder.Tests;

/// <summary>A real pseudo-terminal pair from <c>socat -d -d pty,raw,echo=0,link=…/modem pty,raw,echo=0,link=…/host</c>: the forwarder opens
/// <see cref="HostPath"/> with System.IO.Ports, the scripted modem answers on <see cref="ModemPath"/>. <see cref="Stop"/> makes the modem vanish;
/// <see cref="Start"/> brings a new pair up under the same names (a modem unplugged and plugged in again).</summary>
public sealed class PtyPair : IDisposable
{
    private Process? _socat;

    public PtyPair(string? directory = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "smscallback-pty", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Start();
    }

    public string Directory { get; }
    public string ModemLink => Path.Combine(Directory, "modem");
    public string HostLink => Path.Combine(Directory, "host");

    /// <summary>The device behind the link (/dev/pts/N), as a user would configure it.</summary>
    public string HostPath => File.ResolveLinkTarget(HostLink, returnFinalTarget: true)!.FullName;
    public string ModemPath => File.ResolveLinkTarget(ModemLink, returnFinalTarget: true)!.FullName;

    public void Start()
    {
        var info = new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={ModemLink}", $"pty,raw,echo=0,link={HostLink}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _socat = Process.Start(info) ?? throw new InvalidOperationException("socat did not start (is the socat package installed?).");
        _socat.ErrorDataReceived += (_, _) => { };
        _socat.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(File.Exists(ModemLink) && File.Exists(HostLink)))
        {
            if (DateTime.UtcNow > deadline || _socat.HasExited) throw new InvalidOperationException("socat did not create the pseudo-terminals.");
            Thread.Sleep(20);
        }
        Thread.Sleep(50);
    }

    public void Stop()
    {
        if (_socat is { HasExited: false })
        {
            _socat.Kill(entireProcessTree: true);
            _socat.WaitForExit(5000);
        }
        _socat?.Dispose();
        _socat = null;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((File.Exists(ModemLink) || File.Exists(HostLink)) && DateTime.UtcNow < deadline) Thread.Sleep(20);
        try { File.Delete(ModemLink); File.Delete(HostLink); } catch (IOException) { }
    }

    public void Dispose()
    {
        Stop();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
