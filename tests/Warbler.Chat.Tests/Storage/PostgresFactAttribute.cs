using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// A test that needs a PostgreSQL server whatever engine the other tests run on: skipped with a
/// message naming <c>WARBLER_TEST_POSTGRES</c> when it is unset outside CI.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestDatabase.PostgresSkipReason;
}
