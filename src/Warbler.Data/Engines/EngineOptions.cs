using Microsoft.EntityFrameworkCore;

namespace Warbler.Data;

/// <summary>Each engine's provider, set up the same way at run time and for <c>dotnet ef</c>.</summary>
internal static class EngineOptions
{
    public static DbContextOptionsBuilder UseWarblerSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSetup.Instance);

    public static DbContextOptionsBuilder UseWarblerPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString).AddInterceptors(PostgresEntityValues.Instance, PostgresText.Instance);
}
