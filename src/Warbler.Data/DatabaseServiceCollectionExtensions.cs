using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Warbler.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The Data Protection application name: every node sharing a database must use the same one to read each other's ciphertext.</summary>
    public const string DataProtectionApplicationName = "Warbler";

    /// <summary>
    /// Registers <see cref="WarblerDbContext"/> on the configured database, a start-up step
    /// that creates and migrates it, and ASP.NET Core Data Protection with its key ring kept in
    /// that database.
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

        // The key ring lives beside the data it protects, so every node on the database shares it.
        // It is stored unencrypted unless the operator adds ProtectKeysWith* (see the README).
        // Registered after the migrator, so Data Protection's own start-up step, which loads or
        // creates the key ring, finds its table.
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<WarblerDbContext>();
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
