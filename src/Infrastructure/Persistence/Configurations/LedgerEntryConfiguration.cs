using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable("LedgerEntries");
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.Amount).HasPrecision(18, 4);
        b.Property(e => e.Note).HasMaxLength(LedgerEntry.MaxNoteLength);
        b.HasIndex(e => new { e.AccountId, e.At });
        b.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
