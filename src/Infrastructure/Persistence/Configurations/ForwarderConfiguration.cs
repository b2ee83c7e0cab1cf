using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Forwarders;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class ForwarderConfiguration : IEntityTypeConfiguration<Forwarder>
{
    public void Configure(EntityTypeBuilder<Forwarder> b)
    {
        b.ToTable("Forwarders");
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Name).HasMaxLength(Forwarder.MaxNameLength);
        b.Property(f => f.AccessNumber).HasMaxLength(16);
        b.Property(f => f.ProtectedKey).HasMaxLength(1024);
        b.HasIndex(f => f.AccessNumber).IsUnique(); // replies are routed to the forwarder by their From
    }
}
