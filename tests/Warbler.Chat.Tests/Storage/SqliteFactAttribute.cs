using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>A test of SQLite's own settings or locks: skipped, saying so, when the tests run on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.IsPostgres)
        {
            Skip = $"A test of SQLite's settings and write lock; {TestDatabase.EngineVariable} chooses PostgreSQL for this run.";
        }
    }
}
