using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

// Ids are made by the domain (version 7 GUIDs), never by the database: ValueGeneratedNever lets EF see new legs as new.

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Login).HasMaxLength(Account.MaxLoginLength);
        b.HasIndex(a => a.Login).IsUnique();
        b.Property(a => a.PasswordHash).HasMaxLength(256);
        b.Property(a => a.Balance).HasPrecision(18, 4);
        b.Property(a => a.Currency).HasMaxLength(3);
        b.Property(a => a.CreditLimit).HasPrecision(18, 4);
        // The defaults are for accounts that existed before these columns; the sentinels are never real values, so EF always writes ours.
        b.Property(a => a.Services).HasDefaultValue(AccountServices.All).HasSentinel((AccountServices)(-1));
        b.Property(a => a.MaxConcurrentCallbacks).HasDefaultValue(Account.DefaultMaxConcurrentCallbacks).HasSentinel(-1);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Property(a => a.Reserved).HasPrecision(18, 4);
        b.Property(a => a.DailySpendCap).HasPrecision(18, 4);
        b.Property(a => a.Language).HasMaxLength(Account.MaxLanguageLength).HasDefaultValue("en"); // accounts from before languages
        b.Property(a => a.CallerIdA).HasMaxLength(CallerIds.MaxLength);
        b.Property(a => a.CallerIdB).HasMaxLength(CallerIds.MaxLength);
        b.PrimitiveCollection(a => a.AllowedPrefixes).HasField("_allowedPrefixes").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasIndex(a => a.LotId);
        b.HasIndex(a => new { a.Status, a.Balance });
        b.Property(a => a.NotifyFailures).HasDefaultValue(true).ValueGeneratedNever(); // docs/callback-policies.md: on for existing accounts too
    }
}

internal sealed class PhonebookEntryConfiguration : IEntityTypeConfiguration<PhonebookEntry>
{
    public void Configure(EntityTypeBuilder<PhonebookEntry> b)
    {
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Name).HasMaxLength(PhonebookEntry.MaxNameLength);
        b.Property(e => e.Number).HasMaxLength(16);
        b.HasIndex(e => new { e.AccountId, e.Name }).IsUnique();
        b.HasIndex(e => new { e.AccountId, e.Position });
        b.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LoginFailureConfiguration : IEntityTypeConfiguration<LoginFailure>
{
    public void Configure(EntityTypeBuilder<LoginFailure> b)
    {
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Key).HasMaxLength(LoginFailure.MaxKeyLength);
        b.HasIndex(f => new { f.Key, f.At });
    }
}

internal sealed class RegisteredPhoneConfiguration : IEntityTypeConfiguration<RegisteredPhone>
{
    public void Configure(EntityTypeBuilder<RegisteredPhone> b)
    {
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Number).HasMaxLength(16);
        b.HasIndex(p => p.Number).IsUnique();
        b.HasOne<Account>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InboundSmsConfiguration : IEntityTypeConfiguration<InboundSms>
{
    public void Configure(EntityTypeBuilder<InboundSms> b)
    {
        b.ToTable("InboundSms");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Channel).HasMaxLength(32);
        b.Property(s => s.ExternalId).HasMaxLength(InboundSms.MaxIdLength);
        b.Property(s => s.From).HasMaxLength(InboundSms.MaxAddressLength);
        b.Property(s => s.To).HasMaxLength(InboundSms.MaxAddressLength);
        b.Property(s => s.Text).HasMaxLength(InboundSms.MaxTextLength);
        b.Property(s => s.Outcome).HasMaxLength(256);
        b.Property(s => s.Status).IsConcurrencyToken();
        b.HasIndex(s => new { s.Channel, s.ExternalId }).IsUnique();
        b.HasIndex(s => new { s.Status, s.StoredAt });
        b.HasIndex(s => s.StoredAt);
    }
}

internal sealed class OutboundSmsConfiguration : IEntityTypeConfiguration<OutboundSms>
{
    public void Configure(EntityTypeBuilder<OutboundSms> b)
    {
        b.ToTable("OutboundSms");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Channel).HasMaxLength(32);
        b.Property(s => s.To).HasMaxLength(InboundSms.MaxAddressLength);
        b.Property(s => s.From).HasMaxLength(InboundSms.MaxAddressLength);
        b.Property(s => s.Text).HasMaxLength(OutboundSms.MaxTextLength);
        b.Property(s => s.ExternalId).HasMaxLength(128);
        b.Property(s => s.Error).HasMaxLength(512);
        b.Property(s => s.CarrierStatus).HasMaxLength(OutboundSms.MaxCarrierCodeLength); // delivery reports (docs/delivery-reports.md)
        b.Property(s => s.CarrierErrorCode).HasMaxLength(OutboundSms.MaxCarrierCodeLength);
        b.Ignore(s => s.State);
        b.Property(s => s.Attempts).IsConcurrencyToken();
        b.HasIndex(s => s.InboundSmsId).IsUnique(); // one reply per inbound SMS (NULLs are not replies)
        b.HasIndex(s => new { s.To, s.Kind, s.CreatedAt });
        b.HasIndex(s => new { s.Status, s.CreatedAt });
        b.HasIndex(s => s.CreatedAt);
        b.HasIndex(s => new { s.Kind, s.CreatedAt }); // the ceiling on replies to unknown senders: a flood reads those, not every SMS sent
    }
}

internal sealed class CallbackConfiguration : IEntityTypeConfiguration<Callback>
{
    public void Configure(EntityTypeBuilder<Callback> b)
    {
        b.ToTable(t => t.HasTrigger(RateCounts.CallbackRateCount.Trigger)); // it keeps the per-sender and per-account counts (ADR 0051)
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Source).HasMaxLength(16);
        b.Property(c => c.Destination).HasMaxLength(16);
        b.Property(c => c.CallerIdA).HasMaxLength(CallerIds.MaxLength);
        b.Property(c => c.CallerIdB).HasMaxLength(CallerIds.MaxLength);
        b.Property(c => c.State).IsConcurrencyToken();
        b.Property(c => c.Reserved).HasPrecision(18, 4);
        b.HasIndex(c => c.InboundSmsId).IsUnique(); // one callback per inbound SMS
        b.HasIndex(c => new { c.State, c.CreatedAt });
        b.HasIndex(c => c.CreatedAt);
        b.Property(c => c.RequestedBy).HasMaxLength(InboundSms.MaxAddressLength);
        b.HasIndex(c => new { c.AccountId, c.CreatedAt });
        b.HasIndex(c => new { c.AccountId, c.State }); // an account's callbacks in progress (its concurrent limit), whatever its history
        b.HasIndex(c => new { c.RequestedBy, c.CreatedAt });
        b.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Legs).WithOne().HasForeignKey(l => l.CallbackId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Legs).UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
        b.HasIndex(c => new { c.State, c.DueAt }); // the scheduler's poll for callbacks due (docs/callback-policies.md)
        b.Property(c => c.FailureNoticeAt).IsConcurrencyToken(); // one failure SMS, even when two consumers race
    }
}

internal sealed class CallLegConfiguration : IEntityTypeConfiguration<CallLeg>
{
    public void Configure(EntityTypeBuilder<CallLeg> b)
    {
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.Number).HasMaxLength(16);
        b.Property(l => l.SwitchCallId).HasMaxLength(128);
        b.Property(l => l.RatePerMinute).HasPrecision(18, 4);
        b.Property(l => l.Cost).HasPrecision(18, 4).IsConcurrencyToken(); // a leg is charged once, even by two racing writers
        b.HasIndex(l => new { l.CallbackId, l.Kind });
        b.HasIndex(l => new { l.DialedAt, l.Id }); // the call history: newest first, by a range of start times
    }
}

internal sealed class BlockedPrefixConfiguration : IEntityTypeConfiguration<Domain.Billing.BlockedPrefix>
{
    public void Configure(EntityTypeBuilder<Domain.Billing.BlockedPrefix> b)
    {
        b.HasKey(p => p.Prefix);
        b.Property(p => p.Prefix).HasMaxLength(Domain.Billing.Prefixes.MaxLength);
        b.Property(p => p.Description).HasMaxLength(Domain.Billing.BlockedPrefix.MaxDescriptionLength);
        // Seeded by the migration that creates the table, so an operator's deletions stay deleted.
        b.HasData(Domain.Billing.BlockedPrefix.Defaults.Select(d => new { d.Prefix, d.Description }));
    }
}
