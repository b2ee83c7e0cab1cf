using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Ivr;

namespace SmsCallback.Infrastructure.Persistence.Configurations;

internal sealed class IvrSettingsConfiguration : IEntityTypeConfiguration<IvrSettings>
{
    public void Configure(EntityTypeBuilder<IvrSettings> b)
    {
        b.ToTable("IvrSettings");
        b.Property(s => s.Id).ValueGeneratedNever();
        foreach (var code in new[] { nameof(IvrSettings.EndLegCode), nameof(IvrSettings.BalanceCode) }) b.Property(code).HasMaxLength(8);
        b.Property(s => s.Language).HasMaxLength(8);
        foreach (var prompt in new[] { nameof(IvrSettings.PromptEnterNumber), nameof(IvrSettings.PromptInvalidNumber), nameof(IvrSettings.PromptBalance),
                     nameof(IvrSettings.PromptMaxTime), nameof(IvrSettings.PromptGoodbye), nameof(IvrSettings.PromptNoCredit) })
            b.Property(prompt).HasMaxLength(64);
    }
}
