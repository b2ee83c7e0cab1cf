using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Operations;

/// <summary>One trace from the SMS webhook through the in-process hand-offs (the inbox, then the outbox) to the switch command.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task The_switch_command_is_in_the_trace_of_the_webhook_that_brought_the_sms()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);

        using var app = new SmsCallbackApp();
        var admin = await app.AdminClientAsync();
        await app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");

        // The carrier's (or a proxy's) trace context comes in with the webhook, as W3C traceparent.
        var (traceId, callerSpan) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        (await app.CreateClient().SendAsync(TracedSms("trace-1", "D.48774417880", traceId, callerSpan))).EnsureSuccessStatusCode();

        var originate = await EventuallyAsync(() => Task.FromResult(stopped.FirstOrDefault(a => a.OperationName == "switch.originate")),
            a => a is not null, "the originate activity");
        Assert.Equal(traceId, originate!.TraceId);

        var webhook = Assert.Single(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == traceId);
        Assert.Equal(callerSpan, webhook.ParentSpanId);
        var process = Assert.Single(stopped, a => a.OperationName == "sms.process" && a.TraceId == traceId);
        Assert.Equal(webhook.SpanId, process.ParentSpanId); // processing continues the request across the in-process queue

        var chain = new List<string>();
        for (Activity? a = originate; a is not null; a = stopped.FirstOrDefault(p => p.SpanId == a.ParentSpanId)) chain.Add(a.OperationName);
        // the callback is handed to the switch by the commit of the processing that admitted it (docs/adr/0049-dispatch-in-the-admitting-commit.md)
        Assert.Equal(["switch.originate", "unit_of_work.after_commit", "sms.process", webhook.OperationName],
            chain.Where(n => n is not "ProcessInboundSmsCommand"));
        Assert.Equal("simulator", originate.GetTagItem("smscallback.switch"));
    }

    [Fact]
    public async Task Callbacks_dispatched_together_in_one_batch_each_call_in_the_trace_of_its_own_webhook()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);

        using var app = new SmsCallbackApp();
        var admin = await app.AdminClientAsync();
        await DisableIvrAsync(admin);
        var account = await app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}", new { maxConcurrentCallbacks = 100 })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{account}/topups", new { amount = 100m, note = "test" })).EnsureSuccessStatusCode();
        await app.WaitUntilQuietAsync();

        // Twenty SMS at once: they are stored, processed and dispatched in batches, and each call is placed after the batch's commit.
        var traces = Enumerable.Range(0, 20).Select(_ => ActivityTraceId.CreateRandom()).ToList();
        var client = app.CreateClient();
        await Task.WhenAll(traces.Select(async (trace, i) =>
        {
            (await client.SendAsync(TracedSms($"batch-trace-{i}", $"D.4877441{i:0000}", trace, ActivitySpanId.CreateRandom()))).EnsureSuccessStatusCode();
        }));

        // The sender's limits admit some of them; every call that is placed must be in the trace of its own SMS.
        await EventuallyAsync(() => Task.FromResult(stopped.Count(a => a.OperationName == "switch.originate")), n => n >= 2, "calls placed");
        await app.WaitUntilQuietAsync();
        var originates = stopped.Where(a => a.OperationName == "switch.originate").ToList();
        // at least one was dialled by an effect of a batch's commit, after its command's own span had ended
        Assert.Contains(originates, o => stopped.Any(p => p.SpanId == o.ParentSpanId && p.OperationName == "unit_of_work.after_commit"));
        foreach (var originate in originates)
        {
            Assert.Contains(originate.TraceId, traces); // not a trace of its own, nor another SMS's
            var chain = new List<string>();
            for (Activity? a = originate; a is not null; a = stopped.FirstOrDefault(p => p.SpanId == a.ParentSpanId)) chain.Add(a.OperationName);
            Assert.Contains("sms.process", chain);
            Assert.Equal(originate.TraceId, Assert.Single(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.OperationName == chain[^1]
                && a.TraceId == originate.TraceId).TraceId); // the chain ends at the webhook request that brought the SMS
        }
        Assert.Equal(originates.Count, originates.Select(o => o.TraceId).Distinct().Count());
    }

    /// <summary>Records every activity of the service and of ASP.NET Core that stops, for the test's lifetime (dispose it).</summary>
    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "SmsCallback" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>A signed SMS webhook from the customer's phone, carrying the carrier's (or a proxy's) W3C trace context.</summary>
    private static HttpRequestMessage TracedSms(string messageId, string text, ActivityTraceId trace, ActivitySpanId callerSpan)
    {
        var body = Body(messageId, "48600316058", text);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", Sign(body));
        request.Headers.Add("traceparent", $"00-{trace}-{callerSpan}-01");
        return request;
    }
}
