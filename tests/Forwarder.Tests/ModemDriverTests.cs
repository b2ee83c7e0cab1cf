using SmsCallback.Forwarder.Modem;
using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder.Tests;

/// <summary>The AT driver over System.IO.Ports against a scripted modem on a real pseudo-terminal pair (socat).</summary>
public sealed class ModemDriverTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 15, 32, TimeSpan.FromHours(1));
    private readonly PtyPair _pty = new();
    private readonly ScriptedModem _modem;
    private readonly List<string> _unsolicited = [];
    private readonly ForwarderOptions _options;

    public ModemDriverTests()
    {
        _modem = new ScriptedModem(_pty.ModemPath);
        _options = new ForwarderOptions { SerialPort = _pty.HostPath, CommandTimeout = TimeSpan.FromSeconds(2) };
    }

    public void Dispose()
    {
        _pty.Dispose();
        _modem.Dispose();
    }

    private ModemDriver Open() => ModemDriver.Open(_options, line => { lock (_unsolicited) _unsolicited.Add(line); });

    [Fact]
    public async Task Initialises_a_modem_that_echoes_and_reads_lists_and_deletes_through_interleaved_lines_and_garbage()
    {
        await using var driver = Open();
        Assert.True(_modem.Echo);
        await driver.InitialiseAsync(CancellationToken.None);
        Assert.False(_modem.Echo);
        Assert.Contains("AT+CMGF=0", _modem.Commands);
        Assert.Contains("AT+CNMI=2,1,0,2,0", _modem.Commands);

        var pdu = DeliverPduBuilder.Build("+48600316058", "D.48774417880", Time);
        _modem.Receive(pdu, notify: false);
        _modem.Receive(DeliverPduBuilder.Build("Operator", "Hello 😀", Time));
        _modem.InterleaveNext.Enqueue("+CMTI: \"SM\",9");
        _modem.InterleaveNext.Enqueue("^RSSI: 17");

        var stored = await driver.ListAsync(CancellationToken.None);

        Assert.Equal([1, 2], stored.Select(s => s.Index));
        Assert.Equal(pdu, stored[0].Pdu);
        Assert.Equal("D.48774417880", SmsPdu.DecodeDeliver(stored[0].Pdu!).Text);
        Assert.Equal("Hello 😀", SmsPdu.DecodeDeliver(stored[1].Pdu!).Text);
        await Eventually(() => { lock (_unsolicited) return _unsolicited.Contains("+CMTI: \"SM\",9") && _unsolicited.Contains("^RSSI: 17") && _unsolicited.Contains("+CMTI: \"SM\",2"); });

        await driver.DeleteAsync(1, CancellationToken.None);
        await driver.DeleteAsync(1, CancellationToken.None); // already gone: +CMS ERROR: 321 counts as deleted
        Assert.Equal([2], _modem.StoredIndexes);

        var status = await driver.StatusAsync(CancellationToken.None);
        Assert.Equal(new ModemStatus(21, 1), status);
    }

    [Fact]
    public async Task Sends_long_replies_in_parts_with_cmgs_and_reports_cms_errors()
    {
        await using var driver = Open();
        await driver.InitialiseAsync(CancellationToken.None);
        var text = string.Concat(Enumerable.Repeat("Calling +48600316058, then +48774417880. ", 5)); // 205 characters: 2 parts

        var references = await driver.SendAsync("+48600316058", text, 7, CancellationToken.None);

        Assert.Equal("1,2", references);
        var parts = _modem.Submitted.Select(SmsPdu.DecodeSubmit).ToList();
        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.All(parts, p => Assert.Equal("+48600316058", p.Destination));

        _modem.FailNext["AT+CMGS"] = "+CMS ERROR: 322";
        var full = await Assert.ThrowsAsync<ModemCommandException>(() => driver.SendAsync("+48600316058", "x", 8, CancellationToken.None));
        Assert.True(full.Response.MemoryFull);
        Assert.Equal(322, full.Response.ErrorCode);

        _modem.FailNext["AT+CMGL"] = "+CME ERROR: 10";
        var sim = await Assert.ThrowsAsync<ModemCommandException>(() => driver.ListAsync(CancellationToken.None));
        Assert.Equal(10, sim.Response.ErrorCode);

        Assert.Equal(new ModemStatus(21, 1), await driver.StatusAsync(CancellationToken.None)); // the channel is still in step
    }

    [Fact]
    public async Task A_modem_that_stops_answering_times_out_and_a_late_ok_is_not_taken_for_the_next_answer()
    {
        await using var driver = Open();
        await driver.InitialiseAsync(CancellationToken.None);
        _modem.Silent = true;

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<ModemTimeoutException>(() => driver.StatusAsync(CancellationToken.None));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));

        _modem.Silent = false;
        _modem.WriteLine("OK"); // the hung command's answer, arriving late
        await Task.Delay(200);
        _modem.Receive(DeliverPduBuilder.Build("+48600316058", "late", Time), notify: false);
        var stored = await driver.ListAsync(CancellationToken.None);
        Assert.Single(stored);
    }

    [Fact]
    public async Task A_modem_that_vanishes_breaks_the_channel_and_a_new_connection_reinitialises_it()
    {
        var driver = Open();
        await driver.InitialiseAsync(CancellationToken.None);
        Assert.False(_modem.Echo);

        _pty.Stop(); // unplugged
        await Assert.ThrowsAnyAsync<Exception>(() => driver.StatusAsync(CancellationToken.None));
        await Eventually(() => driver.Channel.IsBroken);
        await Assert.ThrowsAsync<ModemGoneException>(() => driver.ListAsync(CancellationToken.None));
        await driver.DisposeAsync();

        _pty.Start(); // plugged in again: a fresh modem, echo on
        using var modem = new ScriptedModem(_pty.ModemPath);
        await using var again = ModemDriver.Open(WithPort(_pty.HostPath), _ => { });
        await again.InitialiseAsync(CancellationToken.None);
        Assert.False(modem.Echo);
        modem.Receive(DeliverPduBuilder.Build("+48600316058", "after the reconnect", Time));
        Assert.Equal("after the reconnect", SmsPdu.DecodeDeliver(Assert.Single(await again.ListAsync(CancellationToken.None)).Pdu!).Text);
    }

    [Fact]
    public async Task Falls_back_to_text_mode_for_modems_without_pdu_mode()
    {
        _options.TextMode = true;
        await using var driver = Open();
        await driver.InitialiseAsync(CancellationToken.None);
        Assert.True(_modem.TextMode);
        _modem.Receive(DeliverPduBuilder.Build("+48600316058", "D.48774417880", Time));

        var stored = Assert.Single(await driver.ListAsync(CancellationToken.None));

        Assert.Null(stored.Pdu);
        Assert.Equal("+48600316058", stored.Sender);
        Assert.Equal("D.48774417880", stored.Text);
        Assert.Equal(Time, stored.Time); // "+04": four quarters of an hour
        Assert.Equal("1", await driver.SendAsync("+48600316058", "Calling +48600316058, then +48774417880.", 1, CancellationToken.None));
        Assert.Equal(("+48600316058", "Calling +48600316058, then +48774417880."), Assert.Single(_modem.SubmittedText));
    }

    private ForwarderOptions WithPort(string port) => new() { SerialPort = port, CommandTimeout = _options.CommandTimeout };

    private static async Task Eventually(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("Timed out.");
            await Task.Delay(20);
        }
    }
}
