using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Bots;

internal sealed class BotConfiguration : IEntityTypeConfiguration<Bot>
{
    public void Configure(EntityTypeBuilder<Bot> builder)
    {
        builder.ToTable("bots");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Name).HasMaxLength(BotLimits.NameMaxLength);
        builder.Property(b => b.Handle).HasMaxLength(BotLimits.HandleMaxLength);
        builder.HasIndex(b => b.Handle).IsUnique();
        builder.Property(b => b.Model).HasMaxLength(BotLimits.ModelMaxLength);
        builder.Property(b => b.SystemPrompt).HasMaxLength(BotLimits.SystemPromptMaxLength);
    }
}
