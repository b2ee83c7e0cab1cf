using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Persistence;
using Xunit.Abstractions;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Call history (one item per leg) and its CSV export, for the customer under /api/me and for admins under /api/admin.
/// Legs are seeded straight into the app's database: callbacks built with the domain's own methods, rated through EF's entries.</summary>
public sealed class CallHistoryTests(ITestOutputHelper output) : IDisposable
{
    private const string Phone = "+48600316058";
    private const string Office = "+48774417880";
    private const string Mum = "+48601234567";
    private const string ZenonPhone = "+48501234567";
    private static readonly DateTimeOffset Day1 = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] CsvHeader =
        ["callbackId", "leg", "number", "start", "answer", "end", "billedSeconds", "rate", "cost", "currency", "hangupCause"];

    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_customer_sees_each_leg_of_their_own_calls_newest_first_with_its_rating()
    {
        var (me, meId, zenon, _, _) = await TwoCustomersAsync();
        var first = await SeedCallbackAsync(meId, Day1, Phone, Office);
        var unanswered = await SeedCallbackAsync(meId, Day1.AddDays(1), Phone, Mum, answerB: false);
        var ivr = await SeedCallbackAsync(meId, Day1.AddDays(2), Phone, Office, thenIvrTo: Mum);

        var page = await GetJsonAsync(me, "/api/me/calls");

        Assert.Equal(7, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(
            [(ivr, "B", Mum), (ivr, "B", Office), (ivr, "A", Phone), (unanswered, "B", Mum), (unanswered, "A", Phone), (first, "B", Office), (first, "A", Phone)],
            items.Select(i => (i.GetProperty("callbackId").GetGuid(), i.GetProperty("leg").GetString(), i.GetProperty("number").GetString())));
        Assert.Equal(items.Select(i => i.GetProperty("start").GetDateTimeOffset()).OrderByDescending(t => t), items.Select(i => i.GetProperty("start").GetDateTimeOffset()));

        var legB = items[5]; // the first callback's destination: answered 5 s after the start, 60 s talk, rated
        Assert.Equal(Day1.AddSeconds(3), legB.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(Day1.AddSeconds(5), legB.GetProperty("answer").GetDateTimeOffset());
        Assert.Equal(Day1.AddSeconds(65), legB.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(60, legB.GetProperty("billedSeconds").GetInt32());
        Assert.Equal(0.12m, legB.GetProperty("rate").GetDecimal());
        Assert.Equal(0.12m, legB.GetProperty("cost").GetDecimal());
        Assert.Equal("EUR", legB.GetProperty("currency").GetString());
        Assert.Equal(HangupCause.NormalClearing, legB.GetProperty("hangupCause").GetInt32());
        Assert.False(legB.TryGetProperty("accountId", out _));
        Assert.False(legB.TryGetProperty("login", out _));

        var missed = items[3]; // rang and was not answered: no answer time, not rated yet
        Assert.Equal(JsonValueKind.Null, missed.GetProperty("answer").ValueKind);
        Assert.Equal(JsonValueKind.Null, missed.GetProperty("billedSeconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, missed.GetProperty("cost").ValueKind);
        Assert.Equal(HangupCause.NoAnswer, missed.GetProperty("hangupCause").GetInt32());

        // Another customer sees none of these, and theirs are not in the first customer's list.
        Assert.Equal(0, (await GetJsonAsync(zenon, "/api/me/calls")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Filters_select_by_start_time_and_number_and_pages_are_stable()
    {
        var (me, meId, _, zenonId, _) = await TwoCustomersAsync();
        var ids = new List<Guid>();
        for (var day = 0; day < 6; day++) ids.Add(await SeedCallbackAsync(meId, Day1.AddDays(day), Phone, day % 2 == 0 ? Office : Mum));
        await SeedCallbackAsync(zenonId, Day1.AddDays(1), ZenonPhone, Office);

        // from inclusive, to exclusive, on the leg's start; '+01:00' sent encoded and unencoded (a bare '+' arrives as a space)
        var days2And3 = await GetJsonAsync(me, "/api/me/calls?from=2026-10-02T08:00:00Z&to=2026-10-04T08:00:00Z");
        Assert.Equal(4, days2And3.GetProperty("total").GetInt32());
        Assert.Equal([ids[2], ids[2], ids[1], ids[1]], Items(days2And3).Select(i => i.GetProperty("callbackId").GetGuid()));
        Assert.Equal(4, (await GetJsonAsync(me, "/api/me/calls?from=2026-10-02T09:00:00%2B01:00&to=2026-10-04T09:00:00+01:00")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await GetJsonAsync(me, "/api/me/calls?from=2026-10-06T08:00:00.000Z")).GetProperty("total").GetInt32());

        // E.164: exact match; digits: contained
        var toOffice = await GetJsonAsync(me, "/api/me/calls?number=%2B48774417880");
        Assert.Equal(3, toOffice.GetProperty("total").GetInt32());
        Assert.All(Items(toOffice), i => Assert.Equal(Office, i.GetProperty("number").GetString()));
        Assert.Equal(3, (await GetJsonAsync(me, "/api/me/calls?number=601234")).GetProperty("total").GetInt32());
        Assert.Equal(6, (await GetJsonAsync(me, "/api/me/calls?number=600316058")).GetProperty("total").GetInt32()); // every leg A
        Assert.Equal(0, (await GetJsonAsync(me, "/api/me/calls?number=%2B4877441788")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetJsonAsync(me, "/api/me/calls?number=%2B48774417880&from=2026-10-05T00:00:00Z")).GetProperty("total").GetInt32());

        // pages of 5 cover the 12 legs once each, in order
        var all = Items(await GetJsonAsync(me, "/api/me/calls?pageSize=500")).Select(Key).ToArray();
        var paged = new List<string>();
        for (var p = 1; p <= 3; p++)
        {
            var page = await GetJsonAsync(me, $"/api/me/calls?page={p}&pageSize=5");
            Assert.Equal(12, page.GetProperty("total").GetInt32());
            Assert.Equal(p, page.GetProperty("page").GetInt32());
            Assert.Equal(5, page.GetProperty("pageSize").GetInt32());
            paged.AddRange(Items(page).Select(Key));
        }
        Assert.Equal(12, all.Length);
        Assert.Equal(all, paged);
        var beyond = await GetJsonAsync(me, "/api/me/calls?page=4&pageSize=5");
        Assert.Empty(Items(beyond));
        Assert.Equal(12, beyond.GetProperty("total").GetInt32());
        Assert.Equal(50, (await GetJsonAsync(me, "/api/me/calls")).GetProperty("pageSize").GetInt32());

        static string Key(JsonElement i) => $"{i.GetProperty("callbackId").GetGuid()}/{i.GetProperty("leg").GetString()}";
    }

    [Fact]
    public async Task Admins_see_every_accounts_legs_with_the_account_or_one_accounts()
    {
        var (_, meId, _, zenonId, admin) = await TwoCustomersAsync();
        await SeedCallbackAsync(meId, Day1, Phone, Office);
        var zenons = await SeedCallbackAsync(zenonId, Day1.AddHours(1), ZenonPhone, Office);

        var all = await GetJsonAsync(admin, "/api/admin/calls");
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        var newest = Items(all)[0];
        Assert.Equal(zenons, newest.GetProperty("callbackId").GetGuid());
        Assert.Equal(zenonId, newest.GetProperty("accountId").GetGuid());
        Assert.Equal("zenon", newest.GetProperty("login").GetString());
        Assert.Equal(["callback", "callback", "zenon", "zenon"], Items(all).Select(i => i.GetProperty("login").GetString()).Order());

        var one = await GetJsonAsync(admin, $"/api/admin/calls?accountId={meId}&number=%2B48774417880");
        Assert.Equal(1, one.GetProperty("total").GetInt32());
        Assert.Equal(meId, Items(one)[0].GetProperty("accountId").GetGuid());

        var byRoute = await GetJsonAsync(admin, $"/api/admin/accounts/{zenonId}/calls?pageSize=1");
        Assert.Equal(2, byRoute.GetProperty("total").GetInt32());
        Assert.Single(Items(byRoute));
        Assert.All(Items(byRoute), i => Assert.Equal("zenon", i.GetProperty("login").GetString()));

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/accounts/{Guid.NewGuid()}/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/calls?accountId={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/calls/export?accountId={Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/me/calls", "client")]
    [InlineData("/api/me/calls/export", "client")]
    [InlineData("/api/admin/calls", "admin")]
    [InlineData("/api/admin/calls/export", "admin")]
    [InlineData("/api/admin/accounts/{id}/calls", "admin")]
    [InlineData("/api/admin/accounts/{id}/calls/export", "admin")]
    public async Task Anonymous_callers_get_401_and_the_wrong_role_403(string route, string role)
    {
        var (me, meId, _, _, admin) = await TwoCustomersAsync();
        var url = route.Replace("{id}", meId.ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (role == "client" ? admin : me).GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (role == "client" ? me : admin).GetAsync(url)).StatusCode);
    }

    [Theory]
    [InlineData("from=2026-10-01", "from")]                               // a date is not an instant
    [InlineData("from=2026-10-01T08:00:00", "from")]                      // no time zone
    [InlineData("to=yesterday", "to")]
    [InlineData("to=2026-13-01T00:00:00Z", "to")]
    [InlineData("from=2026-10-02T00:00:00Z&to=2026-10-01T00:00:00Z", "to")]
    [InlineData("from=2026-10-01T00:00:00Z&to=2026-10-01T00:00:00Z", "to")]
    [InlineData("number=abc", "number")]
    [InlineData("number=%2B0048", "number")]
    [InlineData("number=1234567890123456", "number")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=501", "pageSize")]
    public async Task Bad_filters_get_400_with_the_field_in_error(string query, string field)
    {
        var (me, _, _, _, admin) = await TwoCustomersAsync();

        foreach (var (client, url) in new[] { (me, "/api/me/calls"), (me, "/api/me/calls/export"), (admin, "/api/admin/calls") })
        {
            if (url.EndsWith("/export", StringComparison.Ordinal) && field.StartsWith("page", StringComparison.Ordinal)) continue; // no paging there
            var response = await client.GetAsync($"{url}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{url}?{query}: {errors}");
        }
    }

    [Fact]
    public async Task The_csv_export_has_the_columns_and_values_of_the_list()
    {
        var (me, meId, _, zenonId, admin) = await TwoCustomersAsync();
        var first = await SeedCallbackAsync(meId, Day1, Phone, Office);
        var missed = await SeedCallbackAsync(meId, Day1.AddDays(1), Phone, Mum, answerB: false);
        await SeedCallbackAsync(zenonId, Day1.AddDays(1), ZenonPhone, Office);

        var response = await me.GetAsync("/api/me/calls/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^calls-callback-\d{8}T\d{6}Z\.csv$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var (header, rows) = await ReadCsvAsync(response);

        Assert.Equal(CsvHeader, header);
        Assert.Equal(4, rows.Count);
        Assert.Equal([(missed, "B"), (missed, "A"), (first, "B"), (first, "A")], rows.Select(r => (Guid.Parse(r["callbackId"]!), r["leg"])));
        var legB = rows[2];
        Assert.Equal(Office, legB["number"]);
        Assert.Equal("2026-10-01T08:00:03.000Z", legB["start"]);
        Assert.Equal("2026-10-01T08:00:05.000Z", legB["answer"]);
        Assert.Equal("2026-10-01T08:01:05.000Z", legB["end"]);
        Assert.Equal("60", legB["billedSeconds"]);
        Assert.Equal(0.12m, decimal.Parse(legB["rate"]!, CultureInfo.InvariantCulture));
        Assert.Equal(0.12m, decimal.Parse(legB["cost"]!, CultureInfo.InvariantCulture));
        Assert.Equal("EUR", legB["currency"]);
        Assert.Equal("16", legB["hangupCause"]);
        var missedB = rows[0];
        Assert.Equal("", missedB["answer"]);
        Assert.Equal("", missedB["billedSeconds"]);
        Assert.Equal("", missedB["cost"]);
        Assert.Equal("19", missedB["hangupCause"]);

        // the same filters as the list
        var (_, filtered) = await ReadCsvAsync(await me.GetAsync("/api/me/calls/export?number=%2B48774417880&to=2026-10-02T00:00:00Z"));
        Assert.Equal([(first, "B")], filtered.Select(r => (Guid.Parse(r["callbackId"]!), r["leg"])));

        // admins: every account, with the account's id and login
        var (adminHeader, adminRows) = await ReadCsvAsync(await admin.GetAsync("/api/admin/calls/export"));
        Assert.Equal([.. CsvHeader, "accountId", "login"], adminHeader);
        Assert.Equal(6, adminRows.Count);
        Assert.Equal(2, adminRows.Count(r => r["login"] == "zenon" && Guid.Parse(r["accountId"]!) == zenonId));
        var (_, oneAccount) = await ReadCsvAsync(await admin.GetAsync($"/api/admin/accounts/{zenonId}/calls/export"));
        Assert.Equal(2, oneAccount.Count);
    }

    /// <summary>300 000 legs (about 45 MB of CSV) stream through while the live managed heap stays within a few MB: nothing holds the rows.
    /// The heap is sampled after a full collection, so garbage that a collection would free does not count, only what is kept alive.</summary>
    [Fact]
    public async Task A_large_export_streams_in_bounded_memory()
    {
        const int callbacks = 150_000;
        var (me, meId, _, _, _) = await TwoCustomersAsync();
        await SeedCallbackAsync(meId, Day1.AddDays(-1), Phone, Office); // one made the ordinary way, before the bulk
        await BulkInsertAsync(meId, callbacks);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var (baseline, baselineHeapSize) = (GC.GetTotalMemory(false), GC.GetGCMemoryInfo().HeapSizeBytes);
        var started = DateTime.UtcNow;
        using var response = await me.GetAsync("/api/me/calls/export", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();

        var buffer = new byte[81920];
        var head = new byte[4096];
        long bytes = 0, lines = 0, nextSample = 0, maxLive = 0, maxAllocated = 0, maxHeapSize = 0;
        var (samples, collecting) = (0, TimeSpan.Zero);
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            if (bytes < head.Length) chunk[..(int)Math.Min(read, head.Length - bytes)].CopyTo(head.AsSpan((int)bytes));
            lines += chunk.Count((byte)'\n');
            bytes += read;
            maxAllocated = Math.Max(maxAllocated, GC.GetTotalMemory(false)); // live and dead objects: depends on when the GC last ran
            if (bytes < nextSample) continue;
            var before = DateTime.UtcNow;
            GC.Collect(); // blocking and full: what is left is what something still holds
            maxLive = Math.Max(maxLive, GC.GetTotalMemory(false));
            maxHeapSize = Math.Max(maxHeapSize, GC.GetGCMemoryInfo().HeapSizeBytes);
            (samples, collecting, nextSample) = (samples + 1, collecting + (DateTime.UtcNow - before), nextSample + 4 * 1024 * 1024);
        }
        var elapsed = DateTime.UtcNow - started;
        var growth = maxLive - baseline;
        output.WriteLine($"CSV {bytes:N0} bytes, {lines:N0} lines in {elapsed.TotalSeconds:F1} s ({collecting.TotalSeconds:F1} s of it in {samples} collections); " +
            $"live heap {baseline:N0} before, at most {maxLive:N0} during (growth {growth:N0}); " +
            $"at most {maxAllocated:N0} allocated between collections; GC heap size {baselineHeapSize:N0} before, at most {maxHeapSize:N0} during");

        Assert.Equal(1 + 2 * callbacks + 2, lines); // the header, the bulk legs and the two legs of the ordinary callback
        var firstTwo = System.Text.Encoding.UTF8.GetString(head).Split("\r\n");
        Assert.Equal(string.Join(',', CsvHeader), firstTwo[0]);
        Assert.StartsWith($"{BulkId(callbacks)},B,{Office},", firstTwo[1]); // the newest leg first
        Assert.True(bytes > 40_000_000, $"The CSV has only {bytes:N0} bytes.");
        Assert.True(growth < bytes / 4, $"The live heap grew by {growth:N0} bytes for a CSV of {bytes:N0}.");
        Assert.True(growth < 16 * 1024 * 1024, $"The live heap grew by {growth:N0} bytes.");
        // The heap's size also moves with what other tests in this process leave behind (a fragmented heap keeps some ten MB more);
        // buffering the export would need at least the CSV's size again (twice as UTF-16 text), far beyond half of it.
        Assert.True(maxHeapSize - baselineHeapSize < bytes / 2, $"The GC heap grew from {baselineHeapSize:N0} to {maxHeapSize:N0} bytes.");
    }

    // ---- helpers ----

    private async Task<(HttpClient Me, Guid MeId, HttpClient Zenon, Guid ZenonId, HttpClient Admin)> TwoCustomersAsync()
    {
        var admin = await _app.AdminClientAsync();
        var meId = await _app.CreateAccountAsync(admin, "callback", "pass1234", Phone);
        var zenonId = await _app.CreateAccountAsync(admin, "zenon", "secret99", ZenonPhone);
        return (await _app.ClientForAsync("callback", "pass1234"), meId, await _app.ClientForAsync("zenon", "secret99"), zenonId, admin);
    }

    /// <summary>A finished callback started at <paramref name="at"/>: leg A answered at +2 s, leg B dialled at +3 s and answered at +5 s
    /// (or not answered, 19), 60 s of talk; with <paramref name="thenIvrTo"/> the customer stays on and the IVR bridges a second leg B.
    /// Answered legs are rated 60 s at 0.12 a minute; legs never answered stay unrated.</summary>
    private async Task<Guid> SeedCallbackAsync(Guid accountId, DateTimeOffset at, string source, string destination, bool answerB = true,
        string? thenIvrTo = null)
    {
        var callback = Callback.Request(accountId, source, destination, CallbackOrigin.Web, null, at);
        callback.Dispatched(at);
        callback.LegDialing(LegKind.A, source, $"a-{callback.Id}", at);
        callback.LegAnswered(LegKind.A, at.AddSeconds(2), $"a-{callback.Id}");
        callback.LegDialing(LegKind.B, destination, $"b-{callback.Id}", at.AddSeconds(3));
        if (answerB)
        {
            callback.LegAnswered(LegKind.B, at.AddSeconds(5), $"b-{callback.Id}");
            callback.LegEnded(LegKind.B, HangupCause.NormalClearing, at.AddSeconds(65), $"b-{callback.Id}", keepSourceUp: thenIvrTo is not null);
        }
        else callback.LegEnded(LegKind.B, HangupCause.NoAnswer, at.AddSeconds(33), $"b-{callback.Id}");
        if (thenIvrTo is not null)
        {
            callback.LegDialing(LegKind.B, thenIvrTo, $"b2-{callback.Id}", at.AddSeconds(80));
            callback.LegAnswered(LegKind.B, at.AddSeconds(82), $"b2-{callback.Id}");
            callback.LegEnded(LegKind.B, HangupCause.NormalClearing, at.AddSeconds(142), $"b2-{callback.Id}");
        }
        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, at.AddSeconds(150), $"a-{callback.Id}");
        Assert.True(callback.IsFinished);

        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Callbacks.Add(callback);
        foreach (var leg in callback.Legs.Where(l => l.WasAnswered))
        {
            var entry = db.Entry(leg);
            entry.Property(l => l.BilledSeconds).CurrentValue = 60;
            entry.Property(l => l.RatePerMinute).CurrentValue = 0.12m;
            entry.Property(l => l.Cost).CurrentValue = 0.12m;
        }
        await db.SaveChangesAsync();
        return callback.Id;
    }

    private static string BulkId(int n) => $"{n:X8}-0000-7000-8000-000000000000".ToLowerInvariant();

    /// <summary><paramref name="callbacks"/> completed callbacks of the account, ten minutes apart from <see cref="Day1"/>, each with a rated
    /// leg A and leg B, in one transaction of two INSERT … SELECT over a recursive counter (a few seconds for hundreds of thousands of rows).</summary>
    private async Task BulkInsertAsync(Guid accountId, int callbacks)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var started = DateTime.UtcNow;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var (t0, step, account) = (Day1.UtcTicks, TimeSpan.FromMinutes(10).Ticks, accountId.ToString().ToUpperInvariant());
        var (completed, ended, clearing, legs) = ((int)CallbackState.Completed, (int)LegState.Ended, HangupCause.NormalClearing, 2 * callbacks);
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {callbacks})
            INSERT INTO Callbacks (Id, AccountId, Origin, Source, Destination, State, CreatedAt, UpdatedAt, Reserved)
            SELECT printf('%08X-0000-7000-8000-000000000000', i), {account}, 1, {Phone}, {Office}, {completed},
                   {t0} + i * {step}, {t0} + i * {step} + 1500000000, '0.0'
            FROM n
            """);
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {legs} - 1)
            INSERT INTO CallLegs (Id, CallbackId, Kind, Number, State, DialedAt, AnsweredAt, EndedAt, HangupCause, BilledSeconds, RatePerMinute, Cost)
            SELECT printf('%08X-0000-7000-9000-%012X', i / 2 + 1, i), printf('%08X-0000-7000-8000-000000000000', i / 2 + 1), i % 2,
                   CASE i % 2 WHEN 0 THEN {Phone} ELSE {Office} END, {ended},
                   {t0} + (i / 2 + 1) * {step} + (i % 2) * 30000000, {t0} + (i / 2 + 1) * {step} + (i % 2) * 30000000 + 20000000,
                   {t0} + (i / 2 + 1) * {step} + 650000000, {clearing}, 60 + i % 2, '0.1200', '0.1200'
            FROM n
            """);
        await transaction.CommitAsync();
        output.WriteLine($"Inserted {callbacks:N0} callbacks and {2 * callbacks:N0} legs in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement[] Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static async Task<(string[] Header, List<Dictionary<string, string?>> Rows)> ReadCsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var csv = CsvReader.Create(stream);
        await csv.ReadHeaderAsync();
        var header = csv.Headers.ToArray();
        var rows = new List<Dictionary<string, string?>>();
        while (await csv.ReadAsync())
            rows.Add(header.Select((name, i) => (name, value: csv.GetString(i))).ToDictionary(f => f.name, f => (string?)f.value));
        return (header, rows);
    }
}
