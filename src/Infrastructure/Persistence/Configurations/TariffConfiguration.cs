using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class TariffConfiguration : IEntityTypeConfiguration<Tariff>
{
    public void Configure(EntityTypeBuilder<Tariff> b)
    {
        b.ToTable("Tariffs");
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.Name).HasMaxLength(Tariff.MaxNameLength);
        b.HasIndex(t => t.Name).IsUnique();
        b.Property(t => t.Currency).HasMaxLength(3);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => t.IsDefault);
    }
}

/// <summary>Rates are rows of their own, keyed by (tariff, prefix): the key is the unique rule and the index that loads one tariff.</summary>
internal sealed class TariffRateConfiguration : IEntityTypeConfiguration<TariffRate>
{
    public void Configure(EntityTypeBuilder<TariffRate> b)
    {
        b.ToTable("TariffRates");
        b.HasKey(r => new { r.TariffId, r.Prefix });
        b.Property(r => r.Prefix).HasMaxLength(TariffRate.MaxPrefixLength);
        b.Property(r => r.Description).HasMaxLength(TariffRate.MaxDescriptionLength);
        b.Property(r => r.PricePerMinute).HasPrecision(18, 4);
        b.Property(r => r.ConnectionFee).HasPrecision(18, 4);
        b.HasOne<Tariff>().WithMany().HasForeignKey(r => r.TariffId).OnDelete(DeleteBehavior.Cascade);
    }
}
