using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Common.Interfaces;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Performance;

/// <summary>A reply's first attempt runs in process right after the commit that queued it (docs/adr/0047-ingest-first.md); a transient
/// failure is handed to the job server, which retries it; a permanent one is not tried again. SMS queued together are claimed in one
/// commit and recorded in another (docs/adr/0053-replies-sent-together.md).</summary>
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

    [Fact]
    public async Task Replies_queued_together_are_each_sent_once_in_two_commits_for_all_and_the_exceptions_still_go_their_own_way()
    {
        var admin = await _app.AdminClientAsync(); // the service is up
        await _app.WaitUntilQuietAsync();
        var now = _app.Clock.GetUtcNow();
        var replies = Enumerable.Range(0, 40)
            .Select(i => Domain.Sms.OutboundSms.Create(Domain.Sms.OutboundSmsKind.Notice, "generic", $"+486003{i:D5}", null, $"notice {i}", null, now)).ToList();
        var blocked = Domain.Sms.OutboundSms.Create(Domain.Sms.OutboundSmsKind.Notice, "generic", "+88216123456", null, "satellite", null, now);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmsCallback.Infrastructure.Persistence.AppDbContext>();
            db.OutboundSms.AddRange([.. replies, blocked]);
            await db.SaveChangesAsync();
        }
        _sender.Attempts.Clear();
        _sender.Script.Enqueue(SmsSendResult.Failure("carrier answered 503", transient: true)); // the first one sent fails for now

        var gate = _app.Services.GetRequiredService<SmsCallback.Infrastructure.Persistence.SqliteWriteGate>();
        var sender = _app.Services.GetRequiredService<SmsCallback.Infrastructure.Jobs.OutboundSmsSender>();
        var entriesBefore = gate.Entries;
        await gate.EnterAsync(default); // they queue while the sender waits for the write lock, as under load
        foreach (var sms in replies.Append(blocked)) sender.Enqueue(sms.Id);
        gate.Leave();

        var done = await EventuallyAsync(ReadAsync, all => all.Count(s => s.Status == Domain.Sms.OutboundSmsStatus.Sent) == replies.Count
            && all.Any(s => s.Id == blocked.Id && s.Status == Domain.Sms.OutboundSmsStatus.Failed), "every reply sent, the blocked one failed", 20_000);
        var entries = gate.Entries - entriesBefore;

        var retried = Assert.Single(done, s => s.Attempts == 2); // the transient failure, sent again by the job server
        Assert.Equal(Domain.Sms.OutboundSmsStatus.Sent, retried.Status);
        Assert.Equal(2, _sender.Attempts.Count(id => id == retried.Id));
        Assert.All(done.Where(s => s.Id != blocked.Id && s.Id != retried.Id), s =>
        {
            Assert.Equal((Domain.Sms.OutboundSmsStatus.Sent, 1, $"ext-{s.Id:N}"), (s.Status, s.Attempts, s.ExternalId));
            Assert.Equal(1, _sender.Attempts.Count(id => id == s.Id));
        });
        var refused = done.Single(s => s.Id == blocked.Id);
        Assert.Equal(Domain.Sms.OutboundSmsStatus.Failed, refused.Status);
        Assert.Contains("blocked prefix", refused.Error);
        Assert.DoesNotContain(blocked.Id, _sender.Attempts);
        // one by one this is two commits per SMS (82); together, two per batch, plus the job's retry and the service's own sweeps
        Assert.True(entries < 20, $"{entries} writes took SQLite's write lock for 41 SMS");

        async Task<List<Domain.Sms.OutboundSms>> ReadAsync()
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var ids = replies.Select(r => r.Id).Append(blocked.Id).ToList();
            return await scope.ServiceProvider.GetRequiredService<SmsCallback.Infrastructure.Persistence.AppDbContext>().OutboundSms.AsNoTracking()
                .Where(s => ids.Contains(s.Id)).ToListAsync();
        }
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
