using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Warbler.Data.Spending;

internal sealed class SpendingConfiguration : IEntityTypeConfiguration<BudgetAlertRecord>, IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<BudgetAlertRecord> builder)
    {
        builder.ToTable("budget_alerts");
        builder.Property(a => a.Subject).HasMaxLength(16);
        builder.Property(a => a.Budget).HasMaxLength(32);
        builder.Property(a => a.Period).HasMaxLength(16);
        builder.Property(a => a.Spent).HasPrecision(28, 10);
        builder.Property(a => a.Limit).HasPrecision(28, 10);

        // One row per crossing, whichever node saw it first.
        builder.HasIndex(a => new { a.Subject, a.SubjectId, a.Budget, a.Period, a.Percent }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.LastError).HasMaxLength(200);
        builder.HasIndex(d => d.NextAttemptAt);
    }
}
