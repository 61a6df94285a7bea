using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Warbler.Data;

/// <summary>
/// Makes entities hold only what PostgreSQL can store, just before they are saved, so what a node
/// holds in memory (and sends live to clients) is exactly what is read back later: times cut to
/// whole microseconds (PostgreSQL's precision; .NET's is a tenth of one), and text without the NUL
/// character, which PostgreSQL's text cannot hold.
/// </summary>
internal sealed class PostgresEntityValues : SaveChangesInterceptor
{
    public static readonly PostgresEntityValues Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Truncate(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Truncate(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Truncate(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                switch (property.CurrentValue)
                {
                    case DateTime time when time.Ticks % TimeSpan.TicksPerMicrosecond != 0:
                        property.CurrentValue = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), time.Kind);
                        break;
                    case DateTimeOffset time when time.Ticks % TimeSpan.TicksPerMicrosecond != 0:
                        property.CurrentValue = new DateTimeOffset(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), time.Offset);
                        break;
                    case string text when text.Contains('\0', StringComparison.Ordinal):
                        property.CurrentValue = PostgresText.WithoutNul(text);
                        break;
                    case List<string> texts when texts.Any(t => t.Contains('\0', StringComparison.Ordinal)):
                        property.CurrentValue = texts.Select(PostgresText.WithoutNul).ToList();
                        break;
                }
            }
        }
    }
}
