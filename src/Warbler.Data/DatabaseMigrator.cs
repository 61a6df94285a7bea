using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Warbler.Data;

/// <summary>
/// Creates and migrates the database before the server accepts requests. Nodes starting at once
/// are safe: EF Core holds a migrations lock while it migrates (a lock on the history table on
/// PostgreSQL, a lock row on SQLite), so each migration runs once.
/// </summary>
internal sealed class DatabaseMigrator(IServiceProvider services, DatabaseEngine engine, string connectionString) : IHostedService
{
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
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
