using Microsoft.EntityFrameworkCore;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>The application's data. Each engine has its own subclass, so each keeps its own migrations.</summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<RegisteredPhone> RegisteredPhones => Set<RegisteredPhone>();
    public DbSet<PhoneVerification> PhoneVerifications => Set<PhoneVerification>();
    public DbSet<InboundSms> InboundSms => Set<InboundSms>();
    public DbSet<OutboundSms> OutboundSms => Set<OutboundSms>();
    public DbSet<Callback> Callbacks => Set<Callback>();
    public DbSet<CallLeg> CallLegs => Set<CallLeg>();
    public DbSet<PhonebookEntry> PhonebookEntries => Set<PhonebookEntry>();
    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();
    public DbSet<Domain.Ivr.IvrSettings> IvrSettings => Set<Domain.Ivr.IvrSettings>();
    public DbSet<Switching.SwitchLease> SwitchLeases => Set<Switching.SwitchLease>();
    public DbSet<AccessNumber> AccessNumbers => Set<AccessNumber>();
    public DbSet<ReplyTemplate> ReplyTemplates => Set<ReplyTemplate>();
    public DbSet<InboundSmsPart> InboundSmsParts => Set<InboundSmsPart>();
    public DbSet<Forwarder> Forwarders => Set<Forwarder>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<CredentialLot> CredentialLots => Set<CredentialLot>();
    public DbSet<LotExportChunk> LotExportChunks => Set<LotExportChunk>();
    public DbSet<Domain.Billing.BlockedPrefix> BlockedPrefixes => Set<Domain.Billing.BlockedPrefix>();
    public DbSet<Domain.Billing.Tariff> Tariffs => Set<Domain.Billing.Tariff>();
    public DbSet<Domain.Billing.TariffRate> TariffRates => Set<Domain.Billing.TariffRate>();
    internal DbSet<Outbox.OutboxMessage> OutboxMessages => Set<Outbox.OutboxMessage>();
    internal DbSet<RateCounts.CallbackRateCount> CallbackRateCounts => Set<RateCounts.CallbackRateCount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    /// <summary>SQLite cannot compare or order DateTimeOffset columns; UTC ticks can (the platform keeps every time in UTC).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);

public sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
