using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Warbler.Data;

/// <summary>
/// How <c>dotnet ef</c> builds each engine's context, whatever <c>Database:Provider</c> says:
/// adding a migration needs no database; commands that connect use <c>ConnectionStrings__Warbler</c>.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWarblerDbContext>
{
    public SqliteWarblerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteWarblerDbContext>();
        options.UseWarblerSqlite(Environment.GetEnvironmentVariable("ConnectionStrings__Warbler") ?? DatabaseOptions.DefaultSqliteConnectionString);
        return new(options.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWarblerDbContext>
{
    public PostgresWarblerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresWarblerDbContext>();
        options.UseWarblerPostgres(Environment.GetEnvironmentVariable("ConnectionStrings__Warbler") ?? "Host=localhost;Database=warbler");
        return new(options.Options);
    }
}
