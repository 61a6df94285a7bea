using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Warbler.Data;

/// <summary>
/// Moves a database made by the migrations of earlier builds onto the one initial migration per
/// engine they were squashed into. Such a database already holds every table and index the initial
/// migration creates, so only its history changes: the old rows are replaced by the initial
/// migration's, in one transaction, and migrating then finds nothing to do. A database that stopped
/// part of the way through the old migrations is refused, with what to do instead.
/// </summary>
internal static partial class SquashedHistory
{
    /// <summary>The migrations of earlier builds, in order: a database migrated by them holds these ids.</summary>
    private static readonly string[] OldSqlite =
    [
        "20261125125747_Initial",
        "20261125140029_UsageRecords",
        "20261125143711_KeyRateLimits",
        "20261125144453_KeyTokenBudgets",
        "20261125145906_CostBudgets",
        "20261125150458_RuntimeProviders",
        "20261125150850_BotUsage",
        "20261125152550_ChatUsersAndBots",
        "20261125153317_Rooms",
        "20261125154204_MessageUpdatedAt",
        "20261125221140_UsageBatches",
    ];

    private static readonly string[] OldPostgres =
    [
        "20261125172658_Initial",
        "20261125221154_UsageBatches",
    ];

    public static async Task MoveOverAsync(WarblerDbContext db, DatabaseEngine engine, ILogger logger, CancellationToken cancellationToken)
    {
        var old = engine == DatabaseEngine.Postgres ? OldPostgres : OldSqlite;
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var initial = db.Database.GetMigrations().First();
        if (!old.Any(applied.Contains) || applied.Contains(initial))
        {
            return;
        }

        if (!applied.Contains(old[^1]))
        {
            var reached = old.Last(applied.Contains);
            throw new OutdatedDatabaseException(
                $"the database was migrated by an earlier build only as far as {reached}, part of the way through the migrations that this build " +
                $"has squashed into one ({initial}). Start a build from before the squash on it once, which applies the rest (up to {old[^1]}), then start this build again.");
        }

        // Conditional and idempotent, so that of several nodes starting at once one moves the
        // history and the others, waiting on its transaction, find nothing left to move.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
            SELECT {initial}, {ProductInfo.GetVersion()}
            WHERE EXISTS (SELECT 1 FROM "__EFMigrationsHistory" WHERE "MigrationId" = {old[^1]})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        foreach (var id in old)
        {
            await db.Database.ExecuteSqlAsync($"""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = {id}""", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (moved > 0)
        {
            MovedOver(logger, old.Length, initial);
        }
    }

    [LoggerMessage(1, LogLevel.Information,
        "Moved the database's migration history from the {Count} migrations of earlier builds to {Migration}, which holds them all in one; its tables and rows are as they were.")]
    private static partial void MovedOver(ILogger logger, int count, string migration);
}
