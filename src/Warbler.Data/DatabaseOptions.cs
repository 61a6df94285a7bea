using System.ComponentModel.DataAnnotations;

namespace Warbler.Data;

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The database engine. Only <c>Sqlite</c> for now; PostgreSQL comes with scale-out.</summary>
    [AllowedValues("Sqlite", "sqlite", "SQLite")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Used when <c>ConnectionStrings:Warbler</c> is not set.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/warbler.db";
}
