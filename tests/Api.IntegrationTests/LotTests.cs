using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Lots.GenerateLot;
using SmsCallback.Domain.Accounts;
using SmsCallback.Infrastructure.Lots;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Security;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Credential lots end to end: generation by the real job, the encrypted export, resumption after a crash, management.</summary>
public sealed class LotTests : IDisposable
{
    private readonly List<SmsCallbackApp> _apps = [];

    public void Dispose() => _apps.ForEach(a => a.Dispose());

    private SmsCallbackApp App(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new SmsCallbackApp(settings: settings) { ConfigureServices = services };
        _apps.Add(app);
        return app;
    }

    private static async Task<Guid> CreateLotAsync(HttpClient admin, int count, string prefix, string alphabet = "alphanumeric", decimal balance = 5m,
        int loginLength = 8, int passwordLength = 8)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/lots", new
        {
            count, loginPrefix = prefix, loginLength, passwordLength, passwordAlphabet = alphabet, initialBalance = balance, tariffId = (Guid?)null,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<JsonElement> LotAsync(HttpClient admin, Guid id) => admin.GetFromJsonAsync<JsonElement>($"/api/admin/lots/{id}");

    private static Task<JsonElement> FinishedAsync(HttpClient admin, Guid id, int timeoutMs = 1_200_000) =>
        EventuallyAsync(() => LotAsync(admin, id), l => l.GetProperty("state").GetString() is "Completed" or "Failed", "the lot to finish", timeoutMs);

    private static async Task<List<string[]>> ExportAsync(HttpClient admin, Guid id)
    {
        var response = await admin.GetAsync($"/api/admin/lots/{id}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("login,password,balance,tariff", lines[0]);
        return [.. lines.Skip(1).Select(l => l.Split(','))];
    }

    private static async Task<Dictionary<string, Account>> AccountsOfLotAsync(SmsCallbackApp app, Guid lotId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Accounts.AsNoTracking().Where(a => a.LotId == lotId).ToDictionaryAsync(a => a.Login);
    }

    /// <summary>Every exported login exists once, and every exported password verifies against its stored hash (the real Identity hasher).</summary>
    private static async Task AssertExportMatchesAccountsAsync(SmsCallbackApp app, Guid lotId, List<string[]> rows, int expected)
    {
        var accounts = await AccountsOfLotAsync(app, lotId);
        Assert.Equal(expected, rows.Count);
        Assert.Equal(expected, accounts.Count);
        Assert.Equal(expected, rows.Select(r => r[0]).Distinct().Count());
        var hasher = new IdentityPasswordHasher();
        var failures = 0;
        Parallel.ForEach(rows, row =>
        {
            if (!accounts.TryGetValue(row[0], out var account) || hasher.Verify(account.PasswordHash, row[1]) == PasswordCheck.Failed)
                Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
        Assert.DoesNotContain(accounts.Values, a => a.PasswordHash.Contains(rows[0][1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lot_of_1000_accounts_has_unique_logins_and_every_exported_password_verifies_against_its_hash()
    {
        var app = App();
        var admin = await app.AdminClientAsync();

        var id = await CreateLotAsync(admin, 1000, "card", passwordLength: 10);
        var lot = await FinishedAsync(admin, id);

        Assert.Equal("Completed", lot.GetProperty("state").GetString());
        Assert.Equal(1000, lot.GetProperty("requested").GetInt32());
        Assert.Equal(1000, lot.GetProperty("generated").GetInt32());
        Assert.Equal(100, lot.GetProperty("percent").GetInt32());
        var rows = await ExportAsync(admin, id);
        Assert.All(rows, r => Assert.Matches("^card[0-9]{8}$", r[0]));
        Assert.All(rows, r => Assert.Matches("^[a-zA-Z2-9]{10}$", r[1]));
        Assert.All(rows, r => Assert.Equal("5.00", r[2]));
        await AssertExportMatchesAccountsAsync(app, id, rows, 1000);
        var accounts = await AccountsOfLotAsync(app, id);
        Assert.All(accounts.Values, a => Assert.Equal(5m, a.Balance));

        // a generated card works: its login and password give a token
        await app.ClientForAsync(rows[0][0], rows[0][1]);
    }

    [Fact]
    public async Task A_generation_that_dies_half_way_resumes_without_duplicates_or_gaps()
    {
        var vault = new FlakyVault();
        var app = App(new() { ["Jobs:RunServer"] = "false", ["Lots:BatchSize"] = "50" }, services =>
        {
            services.AddSingleton<DataProtectionLotExportVault>();
            services.RemoveAll<ILotExportVault>();
            services.AddSingleton<ILotExportVault>(sp => vault.Wrap(sp.GetRequiredService<DataProtectionLotExportVault>()));
        });
        var admin = await app.AdminClientAsync();
        var id = await CreateLotAsync(admin, 300, "r", alphabet: "digits", loginLength: 6, passwordLength: 6);

        vault.FailOnSeal = 4; // the 4th batch dies after its passwords were made and hashed, before its commit
        await Assert.ThrowsAsync<IOException>(() => RunJobAsync(app, id));
        var halfWay = await LotAsync(admin, id);
        Assert.Equal("Running", halfWay.GetProperty("state").GetString());
        Assert.Equal(150, halfWay.GetProperty("generated").GetInt32());
        Assert.Equal(50, halfWay.GetProperty("percent").GetInt32());
        Assert.Equal(150, (await AccountsOfLotAsync(app, id)).Count);

        vault.FailOnSeal = null;
        await RunJobAsync(app, id); // the retry
        await RunJobAsync(app, id); // and a duplicate run of a finished lot is a no-op

        Assert.Equal("Completed", (await LotAsync(admin, id)).GetProperty("state").GetString());
        var rows = await ExportAsync(admin, id);
        Assert.All(rows, r => Assert.Matches("^r[0-9]{6}$", r[0]));
        Assert.All(rows, r => Assert.Matches("^[0-9]{6}$", r[1]));
        await AssertExportMatchesAccountsAsync(app, id, rows, 300);
    }

    [Fact]
    public async Task A_lot_left_pending_by_a_crash_before_its_job_was_queued_is_generated_after_a_restart()
    {
        var first = new SmsCallbackApp(settings: new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" })
        {
            DeleteDataOnDispose = false,
            ConfigureServices = services =>
            {
                var real = services.Last(d => d.ServiceType == typeof(IBackgroundJobs));
                services.Remove(real);
                services.AddSingleton<IBackgroundJobs>(sp =>
                    new CrashBeforeQueuingLots((IBackgroundJobs)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
            },
        };
        _apps.Add(first);
        var admin = await first.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/lots", new
        {
            count = 20, loginPrefix = "p", loginLength = 6, passwordLength = 6, passwordAlphabet = "digits", initialBalance = 1m, tariffId = (Guid?)null,
        });
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode); // the lot was saved, the process "died" before its job was queued
        var lot = (await GetArrayAsync(admin, "/api/admin/lots")).Single();
        Assert.Equal("Pending", lot.GetProperty("state").GetString());
        first.Dispose();

        var second = new SmsCallbackApp(first.DataDirectory); // the same files; its job server queues what was left pending
        _apps.Add(second);
        var done = await FinishedAsync(await second.AdminClientAsync(), lot.GetProperty("id").GetGuid(), timeoutMs: 120_000);
        Assert.Equal(("Completed", 20), (done.GetProperty("state").GetString(), done.GetProperty("generated").GetInt32()));
        Assert.Equal(20, (await AccountsOfLotAsync(second, lot.GetProperty("id").GetGuid())).Count);
    }

    /// <summary>Queues everything but a lot's generation, which throws as if the process died between saving the lot and queuing it.</summary>
    private sealed class CrashBeforeQueuingLots(IBackgroundJobs inner) : IBackgroundJobs
    {
        public void EnqueueSendSms(Guid outboundSmsId) => inner.EnqueueSendSms(outboundSmsId);
        public void EnqueueAccountStatus(Guid accountId, Guid inboundSmsId, string to) => inner.EnqueueAccountStatus(accountId, inboundSmsId, to);
        public void EnqueueGenerateLot(Guid lotId) => throw new IOException("The process died before the lot's job was queued.");
    }

    private static async Task RunJobAsync(SmsCallbackApp app, Guid lotId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GenerateLotCommand(lotId));
    }

    [Fact]
    public async Task Deleting_the_export_leaves_no_copy_of_the_passwords()
    {
        var app = App();
        var admin = await app.AdminClientAsync();
        var id = await CreateLotAsync(admin, 20, "del");
        await FinishedAsync(admin, id);
        var rows = await ExportAsync(admin, id);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/lots/{id}/export")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/lots/{id}/export")).StatusCode);
        Assert.False((await LotAsync(admin, id)).GetProperty("hasExport").GetBoolean());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(0, await db.LotExportChunks.CountAsync());
        // the accounts still work: only the plaintext copy is gone
        await app.ClientForAsync(rows[0][0], rows[0][1]);
        // and no file of the installation holds a plaintext password (the export was stored encrypted, now it is gone)
        var files = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories)
            .Select(f => { using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete); using var m = new MemoryStream(); s.CopyTo(m); return System.Text.Encoding.Latin1.GetString(m.ToArray()); })
            .ToList();
        Assert.All(rows, r => Assert.DoesNotContain(files, f => f.Contains(r[1], StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_lot_is_listed_blocked_unblocked_topped_up_and_deleted_while_unused()
    {
        var app = App();
        var admin = await app.AdminClientAsync();
        var unused = await CreateLotAsync(admin, 5, "u", balance: 2m);
        var used = await CreateLotAsync(admin, 5, "x", balance: 0m);
        await FinishedAsync(admin, unused);
        await FinishedAsync(admin, used);
        var card = (await ExportAsync(admin, unused))[0];

        Assert.Equal(2, (await GetArrayAsync(admin, "/api/admin/lots")).Length);
        var members = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/lots/{unused}/accounts");
        Assert.Equal(5, members.GetProperty("total").GetInt32());

        Assert.Equal(5, (await (await admin.PostAsync($"/api/admin/lots/{unused}/block", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("accounts").GetInt32());
        var refused = await app.CreateClient().PostAsJsonAsync("/api/auth/token", new { login = card[0], password = card[1] });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await admin.PostAsync($"/api/admin/lots/{unused}/unblock", null);
        await app.ClientForAsync(card[0], card[1]);

        var topUp = await admin.PostAsJsonAsync($"/api/admin/lots/{unused}/topups", new { amount = 3.5m, note = "promo" });
        Assert.Equal(HttpStatusCode.OK, topUp.StatusCode);
        Assert.All((await AccountsOfLotAsync(app, unused)).Values, a => Assert.Equal(5.5m, a.Balance));

        var usedAccount = (await AccountsOfLotAsync(app, used)).Values.First();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/admin/accounts/{usedAccount.Id}/phones", new { number = "48600316058" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/admin/lots/{used}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/lots/{unused}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/lots/{unused}")).StatusCode);
        Assert.Empty(await AccountsOfLotAsync(app, unused));
        Assert.Equal(5, (await AccountsOfLotAsync(app, used)).Count);
    }

    [Fact]
    public async Task A_lot_request_is_validated()
    {
        var app = App();
        var admin = await app.AdminClientAsync();

        var tooMany = await admin.PostAsJsonAsync("/api/admin/lots", new { count = 2000, loginPrefix = "a", loginLength = 4, passwordLength = 8, passwordAlphabet = "digits" });
        var badAlphabet = await admin.PostAsJsonAsync("/api/admin/lots", new { count = 5, loginPrefix = "a", loginLength = 8, passwordLength = 8, passwordAlphabet = "emoji" });
        var badPrefix = await admin.PostAsJsonAsync("/api/admin/lots", new { count = 5, loginPrefix = "a b", loginLength = 8, passwordLength = 8, passwordAlphabet = "digits" });

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badAlphabet.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPrefix.StatusCode);
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/lots"));
    }

    /// <summary>The real vault, made to die on a chosen batch (a crash after hashing, before the commit).</summary>
    private sealed class FlakyVault
    {
        private int _seals;
        public int? FailOnSeal { get; set; }

        public ILotExportVault Wrap(ILotExportVault inner) => new Wrapper(this, inner);

        private sealed class Wrapper(FlakyVault owner, ILotExportVault inner) : ILotExportVault
        {
            public byte[] Seal(CredentialLot lot, IReadOnlyList<LotCredential> credentials) =>
                Interlocked.Increment(ref owner._seals) == owner.FailOnSeal ? throw new IOException("The process died.") : inner.Seal(lot, credentials);

            public string Open(Guid lotId, IReadOnlyList<byte[]> chunks) => inner.Open(lotId, chunks);
        }
    }
}
