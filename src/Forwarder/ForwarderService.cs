using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Forwarder.Modem;
using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder;

/// <summary>The forwarder role: three loops around the durable <see cref="ForwarderQueue"/>.
/// <list type="number">
/// <item>Modem: (re)connects with back-off and initialises; on <c>+CMTI</c> and every <see cref="ForwarderOptions.SweepInterval"/> lists the storage
/// (<c>AT+CMGL</c>), commits each SMS to the queue and only then deletes it (<c>AT+CMGD</c>); sends queued replies (<c>AT+CMGS</c>); reads signal
/// and registration.</item>
/// <item>Forwarding: sends unforwarded messages to the platform in signed batches, with back-off while it is unreachable; marks them only
/// after a 2xx (the platform dedupes a batch it stored but could not acknowledge).</item>
/// <item>Outbound: polls the platform for replies to send, and reports each result until the platform has it.</item>
/// </list>
/// Killed at any point, it loses nothing: what is not committed is still on the SIM (or still offered by the platform) and is read again.</summary>
public sealed partial class ForwarderService(
    ForwarderQueue queue, ForwarderPlatformClient platform, IOptions<ForwarderOptions> options, TimeProvider clock, ILogger<ForwarderService> logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _modemWake = new(0);
    private readonly SemaphoreSlim _forwardWake = new(0);
    private volatile ModemStatus? _status;
    private ModemStatus? _reportedStatus;
    private int _reference;

    private ForwarderOptions Options => options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ModemLoopAsync(stoppingToken), ForwardLoopAsync(stoppingToken), OutboundLoopAsync(stoppingToken));

    private async Task ModemLoopAsync(CancellationToken ct)
    {
        var backoff = Options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var driver = ModemDriver.Open(Options, OnUnsolicited);
                await driver.InitialiseAsync(ct);
                LogModemReady(Options.SerialPort);
                backoff = Options.MinBackoff;
                var nextSweep = DateTimeOffset.MinValue;
                var nextStatus = DateTimeOffset.MinValue;
                var sweepRequested = true;
                while (!ct.IsCancellationRequested)
                {
                    var now = clock.GetUtcNow();
                    if (sweepRequested || now >= nextSweep)
                    {
                        await SweepAsync(driver, ct);
                        nextSweep = now + Options.SweepInterval;
                    }
                    if (now >= nextStatus)
                    {
                        _status = await driver.StatusAsync(ct);
                        nextStatus = now + Options.StatusInterval;
                    }
                    await SendRepliesAsync(driver, ct);
                    sweepRequested = await _modemWake.WaitAsync(TimeSpan.FromSeconds(1), ct);
                    while (_modemWake.CurrentCount > 0) await _modemWake.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ModemTimeoutException or ModemGoneException or ModemCommandException or IOException
                                           or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                LogModemProblem(ex.GetType().Name, ex.Message, backoff);
                try { await Task.Delay(backoff, clock, ct); } catch (OperationCanceledException) { return; }
                backoff = Next(backoff);
            }
        }
    }

    private void OnUnsolicited(string line)
    {
        // +CMTI: a new SMS; a memory-full notice: sweep now, since reception stops until messages are deleted.
        if (line.StartsWith("+CMTI:", StringComparison.Ordinal) || line.StartsWith("+CDSI:", StringComparison.Ordinal) || line.Contains("322", StringComparison.Ordinal) ||
            line.Contains("FULL", StringComparison.OrdinalIgnoreCase))
            _modemWake.Release();
    }

    private async Task SweepAsync(ModemDriver driver, CancellationToken ct)
    {
        var stored = await driver.ListAsync(ct);
        foreach (var sms in stored)
        {
            if (sms.Pdu is { } pdu && SmsPdu.IsStatusReport(pdu))
            {
                // Left in the modem's storage until the platform has it: the next sweep tries again.
                if (await PostStatusReportAsync(pdu, ct)) await driver.DeleteAsync(sms.Index, ct);
                continue;
            }
            if (!queue.StoreReceived(sms, clock.GetUtcNow())) LogUndecodable(sms.Index);
            await driver.DeleteAsync(sms.Index, ct); // only after the queue has committed it
        }
        if (queue.AssembleParts(clock.GetUtcNow(), Options.ConcatenationTimeout) > 0 || stored.Count > 0) _forwardWake.Release();
    }

    private async Task<bool> PostStatusReportAsync(string pdu, CancellationToken ct)
    {
        StatusReport report;
        try
        {
            report = SmsPdu.DecodeStatusReport(pdu);
        }
        catch (PduFormatException)
        {
            LogUndecodableReport();
            return true; // nothing anyone can do with it
        }
        try
        {
            await platform.ReportDeliveryAsync(new DeliveryStatusReport(report.MessageReference, report.Recipient, report.Status, report.DischargedAt), ct);
            return true;
        }
        catch (PlatformRejectedException ex) when (ex.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return true; // the platform does not know the reply (any more)
        }
        catch (Exception ex) when (ex is HttpRequestException or PlatformRejectedException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogPlatformProblem(ex.Message, Options.SweepInterval);
            return false;
        }
    }

    private async Task SendRepliesAsync(ModemDriver driver, CancellationToken ct)
    {
        foreach (var reply in queue.PendingOutbound())
        {
            try
            {
                var reference = await driver.SendAsync(reply.To, reply.Text, (byte)Interlocked.Increment(ref _reference), ct);
                queue.MarkOutboundSent(reply.MessageId, reference);
                LogReplySent(reply.MessageId);
            }
            catch (ModemCommandException ex)
            {
                var final = reply.Attempts + 1 >= 3;
                queue.MarkOutboundFailed(reply.MessageId, ex.Response.Error ?? "ERROR", final);
                LogReplyFailed(reply.MessageId, ex.Response.Error ?? "ERROR", final);
            }
        }
    }

    private async Task ForwardLoopAsync(CancellationToken ct)
    {
        var backoff = Options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var batch = queue.NextBatch(50);
                var status = _status;
                if (batch.Count > 0 || status != _reportedStatus)
                {
                    await platform.SendMessagesAsync(batch, status?.SignalQuality, status?.Registration, ct);
                    queue.MarkForwarded(batch.Select(m => m.Key));
                    _reportedStatus = status;
                    if (batch.Count > 0) LogForwarded(batch.Count);
                    backoff = Options.MinBackoff;
                    if (batch.Count == 50) continue;
                }
                await _forwardWake.WaitAsync(Options.ForwardInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or PlatformRejectedException or TaskCanceledException)
            {
                LogPlatformProblem(ex.Message, backoff);
                try { await Task.Delay(backoff, clock, ct); } catch (OperationCanceledException) { return; }
                backoff = Next(backoff);
            }
        }
    }

    private async Task OutboundLoopAsync(CancellationToken ct)
    {
        var backoff = Options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var outcome in queue.UnreportedOutcomes())
                {
                    try
                    {
                        await platform.ReportResultAsync(outcome.MessageId, outcome.Sent, outcome.Reference, outcome.Error, ct);
                    }
                    catch (PlatformRejectedException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
                    {
                        // the platform no longer knows it: nothing to report to
                    }
                    queue.MarkReported(outcome.MessageId);
                }
                var offered = await platform.GetOutboundAsync(ct);
                if (offered.Count > 0)
                {
                    queue.AddOutbound(offered);
                    _modemWake.Release();
                }
                backoff = Options.MinBackoff;
                await Task.Delay(Options.OutboundPollInterval, clock, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or PlatformRejectedException or TaskCanceledException)
            {
                LogPlatformProblem(ex.Message, backoff);
                try { await Task.Delay(backoff, clock, ct); } catch (OperationCanceledException) { return; }
                backoff = Next(backoff);
            }
        }
    }

    private TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Options.MaxBackoff.Ticks));

    [LoggerMessage(Level = LogLevel.Information, Message = "Modem on {Port} initialised")]
    private partial void LogModemReady(string port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Modem problem ({Kind}: {Detail}); reconnecting in {Backoff}")]
    private partial void LogModemProblem(string kind, string detail, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMS at index {Index} could not be decoded; kept in the queue's rejected table")]
    private partial void LogUndecodable(int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A status report in the modem could not be decoded; deleted")]
    private partial void LogUndecodableReport();

    [LoggerMessage(Level = LogLevel.Information, Message = "Forwarded {Count} SMS to the platform")]
    private partial void LogForwarded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Platform unreachable or refusing ({Detail}); retrying in {Backoff}")]
    private partial void LogPlatformProblem(string detail, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply {MessageId} sent through the modem")]
    private partial void LogReplySent(Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply {MessageId} failed: {Error} (final: {Final})")]
    private partial void LogReplyFailed(Guid messageId, string error, bool final);

    public override void Dispose()
    {
        _modemWake.Dispose();
        _forwardWake.Dispose();
        base.Dispose();
    }
}
