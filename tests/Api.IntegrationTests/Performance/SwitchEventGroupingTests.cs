using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Callbacks.HandleSwitchEvent;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Performance;

/// <summary>The events of one callback that arrive together (a leg dialling and ringing, both legs hanging up) are applied as one command:
/// one read and one save of the callback, with the same outcome as one by one. And what the switch's events lead to (a settlement) reads
/// its rows under SQLite's write lock even when it is the only event waiting (docs/adr/0049-dispatch-in-the-admitting-commit.md).</summary>
public sealed class SwitchEventGroupingTests : IDisposable
{
    private readonly LogCollector _logs = new();
    private readonly SmsCallbackApp _app;

    public SwitchEventGroupingTests() => _app = new SmsCallbackApp(settings: new Dictionary<string, string?>
    {
        ["Switch:Simulator:Mode"] = "Manual",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information",
    })
    {
        ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_logs),
    };

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_callbacks_events_that_arrive_together_are_applied_in_order_with_one_read_and_one_save()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await _app.CreateAccountAsync(admin, "grouped", "pass1234", "48600316058");
        await _app.PostSmsAsync("g-1", "48600316058", "D.48774417880");
        var callback = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("legs").GetArrayLength() == 1, "leg A dialled"))[0];
        var id = callback.GetProperty("id").GetGuid();
        var now = DateTimeOffset.UtcNow;
        SwitchEvent Event(LegKind leg, SwitchEventType type, string number, string call, int? cause = null) =>
            new(id, leg, type, number, call, cause, now);

        var before = _logs.Entries.Count;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new HandleSwitchEventCommand(
            [
                Event(LegKind.A, SwitchEventType.Answered, "48600316058", "a-1"),
                Event(LegKind.B, SwitchEventType.Dialing, "+48774417880", "b-1"),
                Event(LegKind.B, SwitchEventType.Ringing, "+48774417880", "b-1"),
                Event(LegKind.B, SwitchEventType.Answered, "+48774417880", "b-1"),
            ]));
        }
        var statements = _logs.Entries.Skip(before).Where(IsStatement).ToList(); // the command's own, before the checks below read anything

        var after = (await GetArrayAsync(admin, "/api/admin/callbacks"))[0];
        Assert.Equal("Connected", after.GetProperty("state").GetString());
        Assert.Equal(["Answered", "Answered"], after.GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("state").GetString()));
        Assert.Equal(1, statements.Count(ReadsOneCallback)); // by id: the scheduler's poll of due callbacks may run meanwhile
        Assert.Equal(1, statements.Count(s => s.Message.Contains("UPDATE \"Callbacks\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_lone_domain_event_is_consumed_under_the_write_lock_so_what_its_consumer_reads_cannot_go_stale_before_its_save()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await _app.CreateAccountAsync(admin, "lone", "pass1234", "48600316058");
        await _app.PostSmsAsync("l-1", "48600316058", "D.48774417880");
        var id = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("state").GetString()).SequenceEqual(["Ringing"]),
            "leg A ringing (the switch's last event until someone answers)"))[0].GetProperty("id").GetGuid();

        var gate = _app.Services.GetRequiredService<SmsCallback.Infrastructure.Persistence.SqliteWriteGate>();
        gate.Enter(); // a batch of other work holds SQLite's write lock
        int before;
        try
        {
            before = _logs.Entries.Count;
            _app.Services.GetRequiredService<SmsCallback.Infrastructure.Processing.OutboxQueue>()
                .Enqueue(Guid.NewGuid(), new CallbackFinished(id), default, null); // alone in the queue: its settlement reads the callback
            await Task.Delay(1_000);
            // it waits for the lock before it reads: alone, it used to read at once and save after the wait, on rows changed meanwhile
            Assert.DoesNotContain(_logs.Entries.Skip(before), ReadsOneCallback);
        }
        finally
        {
            gate.Leave();
        }
        await EventuallyAsync(() => Task.FromResult(_logs.Entries.Skip(before).Count(ReadsOneCallback)), n => n > 0,
            "the settlement read the callback once it held the lock");
    }

    /// <summary>A statement that reads one callback by its id (the scheduler's and the watchdog's polls read lists by state).</summary>
    private static bool ReadsOneCallback(LogCollector.Entry e) => IsStatement(e)
        && e.Message.Contains("FROM \"Callbacks\"", StringComparison.Ordinal) && e.Message.Contains("\"c\".\"Id\" = @", StringComparison.Ordinal);

    private static bool IsStatement(LogCollector.Entry e) => e.Category == "Microsoft.EntityFrameworkCore.Database.Command";

    [Fact]
    public void Only_neighbouring_leg_events_of_the_same_callback_go_together()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        SwitchEvent E(Guid callback, SwitchEventType type) => new(callback, LegKind.A, type, "48600316058", "c", null, DateTimeOffset.UtcNow);
        List<SwitchEvent> batch =
        [
            E(a, SwitchEventType.Dialing), E(a, SwitchEventType.Ringing), // together
            E(b, SwitchEventType.Dialing), // another callback
            E(a, SwitchEventType.Answered), // a again, but not next to its others: the order between callbacks stays as it came
            E(a, SwitchEventType.Dtmf), E(a, SwitchEventType.Dtmf), // keys go alone
            E(a, SwitchEventType.HungUp), E(a, SwitchEventType.HungUp),
            E(Guid.Empty, SwitchEventType.IncomingCall), E(Guid.Empty, SwitchEventType.IncomingCall),
        ];

        var groups = new List<int>();
        for (var i = 0; i < batch.Count; i += groups[^1]) groups.Add(SmsCallback.Infrastructure.Switching.SwitchEventPump.Neighbours(batch, i).Count);

        Assert.Equal([2, 1, 1, 1, 1, 2, 1, 1], groups);
    }
}
