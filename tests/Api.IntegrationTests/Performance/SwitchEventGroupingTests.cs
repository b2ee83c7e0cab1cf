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
/// one read and one save of the callback, with the same outcome as one by one.</summary>
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
        var statements = _logs.Entries.Skip(before).Where(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command")
            .Select(e => e.Message).ToList();

        var after = (await GetArrayAsync(admin, "/api/admin/callbacks"))[0];
        Assert.Equal("Connected", after.GetProperty("state").GetString());
        Assert.Equal(["Answered", "Answered"], after.GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("state").GetString()));
        Assert.Equal(1, statements.Count(s => s.Contains("SELECT", StringComparison.Ordinal) && s.Contains("FROM \"Callbacks\"", StringComparison.Ordinal)));
        Assert.Equal(1, statements.Count(s => s.Contains("UPDATE \"Callbacks\"", StringComparison.Ordinal)));
    }

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
