using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Common.Interfaces;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Performance;

/// <summary>A reply's first attempt runs in process right after the commit that queued it (docs/adr/0047-ingest-first.md); a transient
/// failure is handed to the job server, which retries it; a permanent one is not tried again.</summary>
public sealed class InProcessReplyTests : IDisposable
{
    private const string Customer = "48600316058";
    private readonly ScriptedSender _sender = new();
    private readonly SmsCallbackApp _app;

    public InProcessReplyTests() => _app = new SmsCallbackApp
    {
        ConfigureServices = services => services.AddKeyedSingleton<ISmsSender>(
            SmsCallback.Infrastructure.Operations.OperationsRegistration.Adapter, (_, _) => _sender),
    };

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_reply_that_fails_transiently_in_process_is_retried_by_the_job_server_and_sent()
    {
        _sender.Script.Enqueue(SmsSendResult.Failure("carrier answered 503", transient: true));
        var reply = await ReplyAfterAsync("Sent");

        Assert.Equal(2, _sender.Attempts.Count(id => id == reply)); // the in-process attempt, then the job's
    }

    [Fact]
    public async Task A_reply_the_carrier_refuses_for_good_is_recorded_as_failed_and_not_tried_again()
    {
        _sender.Script.Enqueue(SmsSendResult.Failure("invalid destination", transient: false));
        var reply = await ReplyAfterAsync("Failed");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a job, had one been queued, would have run by now (Jobs:PollIntervalMs 200)

        Assert.Equal(1, _sender.Attempts.Count(id => id == reply));
    }

    /// <summary>An SMS command whose reply goes out through the scripted sender; the reply's id once its status is <paramref name="status"/>.</summary>
    private async Task<Guid> ReplyAfterAsync(string status)
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "reply", "pass1234", Customer);
        await _app.WaitUntilQuietAsync();
        _sender.Attempts.Clear();
        (await _app.PostSmsAsync("reply-1", Customer, "B.")).EnsureSuccessStatusCode();
        var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Any(s => s.GetProperty("status").GetString() == status), $"the reply {status}", 20_000);
        return outbox.First(s => s.GetProperty("status").GetString() == status).GetProperty("id").GetGuid();
    }

    private sealed class ScriptedSender : ISmsSender
    {
        public ConcurrentQueue<SmsSendResult> Script { get; } = new();

        public ConcurrentBag<Guid> Attempts { get; } = [];

        public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
        {
            Attempts.Add(sms.Id);
            return Task.FromResult(Script.TryDequeue(out var scripted) ? scripted : SmsSendResult.Success($"ext-{sms.Id:N}"));
        }
    }
}
