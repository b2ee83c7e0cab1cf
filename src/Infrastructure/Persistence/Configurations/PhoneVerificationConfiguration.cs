using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class PhoneVerificationConfiguration : IEntityTypeConfiguration<PhoneVerification>
{
    public void Configure(EntityTypeBuilder<PhoneVerification> b)
    {
        b.ToTable("PhoneVerifications");
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.Number).HasMaxLength(16);
        b.Property(v => v.CodeHash).HasMaxLength(PhoneVerification.MaxCodeHashLength);
        b.Property(v => v.Attempts).IsConcurrencyToken();
        b.HasIndex(v => new { v.Number, v.CreatedAt });
        b.HasIndex(v => new { v.AccountId, v.CreatedAt });
        b.HasIndex(v => v.CreatedAt);
        b.HasOne<Account>().WithMany().HasForeignKey(v => v.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
