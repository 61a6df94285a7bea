using Microsoft.EntityFrameworkCore;

namespace Warbler.Data;

/// <summary>
/// Warbler's context on SQLite, with the migrations in <c>Migrations/Sqlite</c>. A new migration:
/// <c>dotnet ef migrations add NAME --project src/Warbler.Data --startup-project src/Warbler.Server --context SqliteWarblerDbContext --output-dir Migrations/Sqlite</c>.
/// </summary>
public sealed class SqliteWarblerDbContext(DbContextOptions<SqliteWarblerDbContext> options) : WarblerDbContext(options);
