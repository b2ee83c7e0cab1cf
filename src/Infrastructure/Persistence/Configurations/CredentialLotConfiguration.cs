using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class CredentialLotConfiguration : IEntityTypeConfiguration<CredentialLot>
{
    public void Configure(EntityTypeBuilder<CredentialLot> b)
    {
        b.ToTable("CredentialLots");
        b.Property(l => l.Id).ValueGeneratedNever();
        b.Property(l => l.LoginPrefix).HasMaxLength(CredentialLot.MaxPrefixLength);
        b.Property(l => l.InitialBalance).HasPrecision(18, 4);
        b.Property(l => l.Error).HasMaxLength(512);
        b.Property(l => l.Language).HasMaxLength(8);
        b.Property(l => l.Generated).IsConcurrencyToken(); // two runs of one lot's job cannot both commit the same batch
        b.Ignore(l => l.Percent);
        b.Ignore(l => l.Remaining);
        b.Ignore(l => l.IsFinished);
        b.HasIndex(l => l.CreatedAt);
        b.HasMany<Account>().WithOne().HasForeignKey(a => a.LotId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LotExportChunkConfiguration : IEntityTypeConfiguration<LotExportChunk>
{
    public void Configure(EntityTypeBuilder<LotExportChunk> b)
    {
        b.ToTable("LotExportChunks");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.HasIndex(c => new { c.LotId, c.Offset }).IsUnique();
        b.HasOne<CredentialLot>().WithMany().HasForeignKey(c => c.LotId).OnDelete(DeleteBehavior.Cascade);
    }
}
