using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Warbler.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WarblerDbContext"/> on the configured database and a start-up step
    /// that creates and migrates it.
    /// </summary>
    public static IHostApplicationBuilder AddWarblerDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Read when first needed, so configuration added after this call (tests, hosts) still counts.
        builder.Services.AddDbContextPool<WarblerDbContext>((services, options) =>
            options.UseSqlite(ConnectionString(services.GetRequiredService<IConfiguration>())));
        builder.Services.AddHostedService(services =>
            new DatabaseMigrator(services, ConnectionString(services.GetRequiredService<IConfiguration>())));
        return builder;
    }

    private static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Warbler") ?? DatabaseOptions.DefaultSqliteConnectionString;

    /// <summary>Makes sure the folder of a SQLite file exists, so a fresh clone needs no set-up.</summary>
    internal static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
