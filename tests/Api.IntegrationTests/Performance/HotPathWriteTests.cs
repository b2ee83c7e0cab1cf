using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace SmsCallback.Api.IntegrationTests.Performance;

/// <summary>What one SMS callback costs the database, from the webhook to the settled call: the transactions (saves), the commands sent
/// and the rows written (INSERT, UPDATE, DELETE statements). Another issue batches this path; this keeps it from growing unnoticed.
/// Counted from EF Core's diagnostics, for this service's database file only.</summary>
public sealed partial class HotPathWriteTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>Measured when the outbox was introduced (docs/adr/0027-domain-events-through-an-outbox.md): 15 saves and 37 write statements
    /// (before it: 13 and 28). Measured since a callback is charged in the save of its hang-up (docs/adr/0054-settled-with-the-hang-up.md):
    /// 5 to 8 saves and 15 to 22 statements, as more or fewer of a callback's switch events arrive together (7 and 22 before that, in a
    /// run whose events arrived together). The ceilings leave room for every event arriving alone, a lost race retried (a conflicting
    /// UPDATE is sent, then sent again) and the recovery sweep's own statement.</summary>
    private const int MaxSaves = 12;
    private const int MaxWriteStatements = 30;

    [Fact]
    public async Task One_sms_callback_writes_no_more_than_measured()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "hot", "pass1234", "48600316058");
        await _app.WaitUntilQuietAsync();

        using var counter = new WriteCounter(_app.AppDatabasePath);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("hot-1", "48600316058", "D.48774417880")).StatusCode);
        await _app.WaitUntilQuietAsync(); // processed, replied, called, hung up, charged, events consumed
        var (saves, commands, statements) = counter.Totals();

        output.WriteLine($"One SMS callback: {saves} saves, {commands} write commands, {statements} write statements");
        foreach (var (statement, count) in counter.ByStatement()) output.WriteLine($"  {count} × {statement}");
        Assert.InRange(saves, 1, MaxSaves);
        Assert.InRange(statements, 1, MaxWriteStatements);
    }

    /// <summary>Listens to EF Core's diagnostics for commands and saves on one SQLite file.</summary>
    private sealed partial class WriteCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _file;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly List<string> _statements = [];
        private int _saves;
        private int _commands;

        public WriteCounter(string file)
        {
            _file = Path.GetFullPath(file);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public (int Saves, int Commands, int Statements) Totals()
        {
            lock (_statements) return (_saves, _commands, _statements.Count);
        }

        public IEnumerable<(string Statement, int Count)> ByStatement()
        {
            lock (_statements) return [.. _statements.GroupBy(s => s).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2)];
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            switch (e.Value)
            {
                case CommandExecutedEventData c when e.Key == RelationalEventId.CommandExecuted.Name && Ours(c.Command.Connection?.DataSource):
                    var writes = Write().Matches(c.Command.CommandText).Select(m => m.Groups["verb"].Value.ToUpperInvariant() + " " + m.Groups["table"].Value)
                        .Where(w => w != "DELETE FROM InboundSmsParts").ToList(); // the sweep's clean-up of long-SMS parts, every second, not per SMS
                    if (writes.Count == 0) return;
                    lock (_statements) { _commands++; _statements.AddRange(writes); }
                    break;
                case SaveChangesCompletedEventData s when e.Key == CoreEventId.SaveChangesCompleted.Name && s.EntitiesSavedCount > 0
                                                          && Ours(s.Context?.Database.GetDbConnection().DataSource):
                    Interlocked.Increment(ref _saves);
                    break;
            }
        }

        private bool Ours(string? dataSource) => dataSource is not null && Path.GetFullPath(dataSource) == _file;

        [GeneratedRegex(@"\b(?<verb>INSERT INTO|UPDATE|DELETE FROM)\s+""?(?<table>\w+)", RegexOptions.IgnoreCase)]
        private static partial Regex Write();

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }
}
