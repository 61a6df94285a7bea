using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Warbler.Data.DataProtection;

namespace Warbler.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>The Data Protection application name: every node sharing a database must use the same one to read each other's ciphertext.</summary>
    public const string DataProtectionApplicationName = "Warbler";

    /// <summary>
    /// Registers <see cref="WarblerDbContext"/> on the configured database (SQLite or PostgreSQL), a
    /// start-up step that creates and migrates it, and ASP.NET Core Data Protection with its key
    /// ring kept in that database.
    /// </summary>
    public static IHostApplicationBuilder AddWarblerDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IConfiguration>(
                (options, configuration) => options.Engine != DatabaseEngine.Postgres || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Warbler")),
                "ConnectionStrings:Warbler must be set to a PostgreSQL connection string when Database:Provider is Postgres.")
            .ValidateOnStart();

        // Both engines are registered and the configured one is chosen when first needed, so
        // configuration added after this call (tests, hosts) still counts.
        builder.Services.AddDbContextPool<SqliteWarblerDbContext>((services, options) =>
            options.UseWarblerSqlite(ConnectionString(services)));
        builder.Services.AddDbContextPool<PostgresWarblerDbContext>((services, options) =>
            options.UseWarblerPostgres(ConnectionString(services)));
        builder.Services.AddScoped<WarblerDbContext>(services => Engine(services) == DatabaseEngine.Postgres
            ? services.GetRequiredService<PostgresWarblerDbContext>()
            : services.GetRequiredService<SqliteWarblerDbContext>());
        builder.Services.AddHostedService(services => new DatabaseMigrator(
            services, Engine(services), ConnectionString(services), services.GetRequiredService<ILogger<DatabaseMigrator>>()));
        builder.Services.AddHostedService(services => new SqliteCheckpointer(
            Engine(services), ConnectionString(services), services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<SqliteCheckpointer>>()));

        // The key ring lives beside the data it protects, so every node on the database shares it.
        // It is stored unencrypted unless the operator adds ProtectKeysWith* (see
        // docs/operations/security.md); a new key says so in one line (UnencryptedKeyRingNotice).
        // Registered after the migrator, so Data Protection's own start-up step, which loads or
        // creates the key ring, finds its table.
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<WarblerDbContext>();
        builder.Services.AddSingleton<IPostConfigureOptions<KeyManagementOptions>>(services => new KeyRingNoticeSetup(
            services.GetRequiredService<ILoggerFactory>(), () => DatabaseLocation.Describe(Engine(services), ConnectionString(services))));
        return builder;
    }

    private static DatabaseEngine Engine(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Engine;

    private static string ConnectionString(IServiceProvider services) =>
        ConnectionString(services.GetRequiredService<IConfiguration>());

    internal static string ConnectionString(IConfiguration configuration) =>
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
