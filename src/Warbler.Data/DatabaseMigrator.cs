using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Warbler.Data;

/// <summary>
/// Creates and migrates the database before the server accepts requests. Nodes starting at once
/// are safe: EF Core holds a migrations lock while it migrates (a lock on the history table on
/// PostgreSQL, a lock row on SQLite), and on PostgreSQL a node that ran into another's migration
/// reads the history again. A database made by the migrations of earlier builds is first moved onto
/// the squashed initial migration (<see cref="SquashedHistory"/>).
/// </summary>
internal sealed class DatabaseMigrator(IServiceProvider services, DatabaseEngine engine, string connectionString, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private const int MaxAttempts = 5;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (engine == DatabaseEngine.Sqlite)
        {
            DatabaseServiceCollectionExtensions.EnsureSqliteFolder(connectionString);
        }

        try
        {
            await MigrateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another node created the database between our check and our CREATE DATABASE: it exists now.
            await MigrateAsync(cancellationToken);
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
                if (engine == DatabaseEngine.Postgres)
                {
                    // The database and the history table are made here, rather than by MigrateAsync,
                    // whose checks that they exist log a failed connection and a failed query as
                    // errors on every first start. A node that races another here tries again.
                    if (!await PostgresDatabaseExistsAsync(cancellationToken))
                    {
                        await db.GetService<IRelationalDatabaseCreator>().CreateAsync(cancellationToken);
                    }

                    await ExecuteOutsideEFCoreAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                }

                await SquashedHistory.MoveOverAsync(db, engine, logger, cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
                if (engine == DatabaseEngine.Sqlite)
                {
                    // Readers then never wait for the writer, nor it for them. EF Core makes new
                    // files so; a file made otherwise (copied, restored) is moved over once.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
                }

                return;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && AppliedByAnotherNode(e))
            {
                // On PostgreSQL the history table's lock is released with each migration's
                // transaction, so a node that read the history before another committed a migration
                // can run it again and find what it creates already there. Reading the history
                // again after a moment finds the migration applied.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Whether the configured database exists, found by connecting to it outside EF Core, which would log a refusal as an error.</summary>
    private async Task<bool> PostgresDatabaseExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenOutsideEFCoreAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    private async Task ExecuteOutsideEFCoreAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenOutsideEFCoreAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Unpooled: these connections are made once, before the server uses the database at all.
    private async Task<NpgsqlConnection> OpenOutsideEFCoreAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static bool AppliedByAnotherNode(PostgresException e) => e.SqlState is
        PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateColumn or PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
