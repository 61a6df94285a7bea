namespace Warbler.Docs.Tests.Walkthrough;

/// <summary>
/// A test that runs once per suite: on the SQLite pass, not again on the PostgreSQL one, since what
/// it checks (the README's walk-through, on SQLite as a reader runs it) does not depend on the
/// engine the other tests use.
/// </summary>
public sealed class SqlitePassFactAttribute : FactAttribute
{
    public SqlitePassFactAttribute()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("WARBLER_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "The walk-through runs on SQLite, as a reader runs it; it ran on the SQLite pass.";
        }
    }
}
