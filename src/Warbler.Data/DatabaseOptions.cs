using System.ComponentModel.DataAnnotations;

namespace Warbler.Data;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The database engine: <c>Sqlite</c>, or <c>Postgres</c> (also <c>PostgreSQL</c>), in any case.</summary>
    [RegularExpression("^(?i:sqlite|postgres|postgresql)$", ErrorMessage = "Database:Provider is Sqlite or Postgres (PostgreSQL).")]
    public string Provider { get; set; } = "Sqlite";

    public DatabaseEngine Engine =>
        Provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseEngine.Postgres : DatabaseEngine.Sqlite;

    /// <summary>Used when <c>ConnectionStrings:Warbler</c> is not set.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/warbler.db";
}
