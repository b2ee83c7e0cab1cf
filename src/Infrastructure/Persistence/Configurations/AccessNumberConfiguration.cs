using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class AccessNumberConfiguration : IEntityTypeConfiguration<AccessNumber>
{
    public void Configure(EntityTypeBuilder<AccessNumber> b)
    {
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Number).HasMaxLength(AccessNumber.MaxNumberLength);
        b.Property(n => n.NumberKey).HasMaxLength(20);
        b.Property(n => n.Channel).HasMaxLength(32);
        b.Property(n => n.SettingsJson).HasMaxLength(2048);
        b.Property(n => n.ProtectedSecrets).HasMaxLength(4096);
        b.Property(n => n.SecretHash).HasMaxLength(64);
        b.Property(n => n.Language).HasMaxLength(8);
        b.Property(n => n.CallerIdA).HasMaxLength(CallerIds.MaxLength);
        b.Property(n => n.CallerIdB).HasMaxLength(CallerIds.MaxLength);
        b.HasIndex(n => n.NumberKey).IsUnique(); // one channel per number
        b.HasIndex(n => new { n.Channel, n.SecretHash });
    }
}

internal sealed class InboundSmsPartConfiguration : IEntityTypeConfiguration<InboundSmsPart>
{
    public void Configure(EntityTypeBuilder<InboundSmsPart> b)
    {
        b.ToTable("InboundSmsParts");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Channel).HasMaxLength(32);
        b.Property(p => p.From).HasMaxLength(InboundSms.MaxAddressLength);
        b.Property(p => p.To).HasMaxLength(InboundSms.MaxAddressLength);
        b.Property(p => p.Reference).HasMaxLength(64);
        b.Property(p => p.ExternalId).HasMaxLength(InboundSms.MaxIdLength);
        b.Property(p => p.Text).HasMaxLength(1024);
        b.HasIndex(p => new { p.Channel, p.From, p.Reference, p.PartNumber }).IsUnique(); // a carrier's retry of a part is a no-op
        b.HasIndex(p => p.StoredAt);
    }
}

internal sealed class ReplyTemplateConfiguration : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> b)
    {
        b.ToTable("ReplyTemplates");
        b.HasKey(t => new { t.Language, t.Key }); // one template per reply and language
        b.Property(t => t.Language).HasMaxLength(ReplyTemplate.MaxLanguageLength);
        b.Property(t => t.Key).HasMaxLength(ReplyTemplate.MaxKeyLength);
        b.Property(t => t.Text).HasMaxLength(ReplyTemplate.MaxTextLength);
    }
}
