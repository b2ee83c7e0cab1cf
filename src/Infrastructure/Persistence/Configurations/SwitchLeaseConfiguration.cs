using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Infrastructure.Switching;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class SwitchLeaseConfiguration : IEntityTypeConfiguration<SwitchLease>
{
    public void Configure(EntityTypeBuilder<SwitchLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(128);
    }
}
