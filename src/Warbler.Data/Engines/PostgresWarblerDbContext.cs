using Microsoft.EntityFrameworkCore;

namespace Warbler.Data;

/// <summary>
/// Warbler's context on PostgreSQL, with the migrations in <c>Migrations/Postgres</c>. A new migration:
/// <c>dotnet ef migrations add NAME --project src/Warbler.Data --startup-project src/Warbler.Server --context PostgresWarblerDbContext --output-dir Migrations/Postgres</c>.
/// </summary>
public sealed class PostgresWarblerDbContext(DbContextOptions<PostgresWarblerDbContext> options) : WarblerDbContext(options);
