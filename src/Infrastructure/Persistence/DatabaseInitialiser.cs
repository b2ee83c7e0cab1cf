using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Infrastructure.Security;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>Brings the database to the current schema and makes sure the configured admin exists, before the host serves anything.</summary>
public sealed partial class DatabaseInitialiser(
    AppDbContext db, DatabaseOptions options, IConfiguration configuration, IPasswordHasher hasher, TimeProvider clock,
    Inbox.LandingFile landing, Inbox.InboxMover inbox, ILogger<DatabaseInitialiser> logger)
{

    public async Task InitialiseAsync(CancellationToken ct)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
                InstanceSecrets.EnsurePrivateFile(file, withSqliteCompanions: true); // 0600 (its directory 0700 when created here)
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); // readers do not block the writer
            landing.EnsureCreated(); // the inbox's landing file and its table (ADR 0055)
            await inbox.MoveAllAsync(ct); // SMS acknowledged before a stop or a kill, still in the landing file
        }
        else if (options.MigrateOnStart)
        {
            await db.Database.MigrateAsync(ct);
        }
        await EnsureAdminAsync(ct);
        await EnsureDefaultTariffAsync(ct);
    }

    public const string DefaultTariffName = "Default";

    /// <summary>A fresh installation rates calls on a default tariff: "Default", EUR, prefixes 1 to 9 at 0.05 per minute, per-second billing.
    /// Seeded only while no tariff exists; the unique name makes a race between instances a no-op.</summary>
    private async Task EnsureDefaultTariffAsync(CancellationToken ct)
    {
        if (await db.Tariffs.AnyAsync(ct)) return;
        var now = clock.GetUtcNow();
        var tariff = Tariff.Create(DefaultTariffName, Account.DefaultCurrency, now);
        tariff.MarkDefault(true, now);
        db.Tariffs.Add(tariff);
        db.TariffRates.AddRange(Enumerable.Range(1, 9).Select(d =>
            TariffRate.Create(tariff.Id, d.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Zone {d}", 0.05m, 0m, 0, 1)));
        try
        {
            await db.SaveChangesAsync(ct);
            LogDefaultTariffCreated(tariff.Id);
        }
        catch (DbUpdateException ex) when (Repositories.DatabaseErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear(); // another instance seeded it first
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Default tariff {TariffId} created (EUR, prefixes 1-9 at 0.05 per minute)")]
    private partial void LogDefaultTariffCreated(Guid tariffId);

    /// <summary>The admin from <c>Admin:Login</c>/<c>Admin:Password</c>. Without a configured password the first start generates one
    /// and prints it once; later starts keep whatever the admin has.</summary>
    private async Task EnsureAdminAsync(CancellationToken ct)
    {
        var login = configuration["Admin:Login"] is { Length: > 0 } l ? l : "admin";
        var password = configuration["Admin:Password"];
        var admin = await db.Accounts.FirstOrDefaultAsync(a => a.Login == login, ct);

        if (admin is null)
        {
            var generated = string.IsNullOrEmpty(password);
            if (generated) password = InstanceSecrets.RandomPassword();
            db.Accounts.Add(Account.Create(login, hasher.Hash(password!), AccountRole.Admin, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
            if (generated)
                Console.WriteLine($"""

                    SmsCallback: created the admin account.
                      login:    {login}
                      password: {password}
                    Set Admin__Password to choose it yourself. This is shown only once.

                    """);
            LogAdminCreated(login);
            return;
        }
        if (admin.Role != AccountRole.Admin)
            throw new InvalidOperationException($"Admin:Login '{login}' is a customer's login; choose another admin login.");
        if (!string.IsNullOrEmpty(password) && hasher.Verify(admin.PasswordHash, password) == PasswordCheck.Failed)
        {
            admin.ChangePasswordHash(hasher.Hash(password));
            await db.SaveChangesAsync(ct);
            LogAdminPasswordChanged(login);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {Login} created")]
    private partial void LogAdminCreated(string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin account {Login} now uses the configured password")]
    private partial void LogAdminPasswordChanged(string login);
}
