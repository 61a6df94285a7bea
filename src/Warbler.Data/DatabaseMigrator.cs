using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Warbler.Data;

/// <summary>Creates and migrates the database before the server accepts requests.</summary>
internal sealed class DatabaseMigrator(IServiceProvider services, string connectionString) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DatabaseServiceCollectionExtensions.EnsureSqliteFolder(connectionString);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
