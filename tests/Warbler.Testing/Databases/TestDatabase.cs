using System.Data.Common;

namespace Warbler.Testing;

/// <summary>
/// A database for Warbler under test, on the engine the environment chooses:
/// <c>WARBLER_TEST_DATABASE=postgres</c> with <c>WARBLER_TEST_POSTGRES</c> (an Npgsql connection string to a
/// server where the user may create databases, e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres</c>),
/// or SQLite files by default. A database is named by <see cref="Name"/> (a file path, or a PostgreSQL
/// database name), so several hosts can share one; Warbler creates and migrates it when it starts.
/// </summary>
public abstract class TestDatabase
{
    public const string EngineVariable = "WARBLER_TEST_DATABASE";
    public const string PostgresServerVariable = "WARBLER_TEST_POSTGRES";

    protected TestDatabase(string name) => Name = name;

    /// <summary>True when the tests run on PostgreSQL.</summary>
    public static bool IsPostgres { get; } = Environment.GetEnvironmentVariable(EngineVariable)?.Trim().ToUpperInvariant() switch
    {
        null or "" or "SQLITE" => false,
        "POSTGRES" or "POSTGRESQL" => true,
        var other => throw new InvalidOperationException($"{EngineVariable} is sqlite or postgres, not '{other}'."),
    };

    /// <summary>
    /// Why a test that needs a PostgreSQL server whatever the engine of the others (one that stops the
    /// database's network, which a SQLite file has not) cannot run here: <c>WARBLER_TEST_POSTGRES</c> is
    /// unset. Null when it can, and always in CI, where the test then fails rather than pass unseen.
    /// </summary>
    public static string? PostgresSkipReason =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresServerVariable)) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"{PostgresServerVariable} is unset: this test needs a PostgreSQL server (a connection string such as Host=127.0.0.1;Port=5432;Username=postgres).";

    /// <summary>A SQLite file path, or a PostgreSQL database name.</summary>
    public string Name { get; }

    /// <summary>The value of Warbler's <c>Database:Provider</c> setting.</summary>
    public abstract string Provider { get; }

    /// <summary>The value of Warbler's <c>ConnectionStrings:Warbler</c> setting.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>
    /// A new database for Warbler to run on, ready at once: migrated, and empty (a copy of a template
    /// each test process migrates once; see <see cref="PostgresTestDatabase"/> and <see cref="SqliteTestDatabase"/>).
    /// Tests of Warbler creating and migrating a database use <see cref="CreateMissing"/>.
    /// </summary>
    public static TestDatabase CreateNew() => IsPostgres ? PostgresTestDatabase.CopyOfMigrated() : SqliteTestDatabase.CopyOfMigrated();

    /// <summary>The name of a database that does not exist yet, for tests of Warbler creating and migrating it.</summary>
    public static TestDatabase CreateMissing() => IsPostgres ? PostgresTestDatabase.WithNewName() : SqliteTestDatabase.WithNewName();

    /// <summary>The database of that <see cref="Name"/>.</summary>
    public static TestDatabase Named(string name) => IsPostgres ? new PostgresTestDatabase(name) : new SqliteTestDatabase(name);

    /// <summary>Warbler's settings for this database, as configuration keys (<c>Section:Key</c>).</summary>
    public void ApplyTo(IDictionary<string, string?> settings)
    {
        settings["Database:Provider"] = Provider;
        settings["ConnectionStrings:Warbler"] = ConnectionString;
    }

    /// <summary>Warbler's settings for this database, as environment variables (<c>Section__Key</c>).</summary>
    public void ApplyToEnvironment(IDictionary<string, string> environment)
    {
        environment["Database__Provider"] = Provider;
        environment["ConnectionStrings__Warbler"] = ConnectionString;
    }

    public abstract DbConnection CreateConnection();

    /// <summary>Runs SQL. Column names are PascalCase and must be double-quoted, which both engines accept.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query and reads each row with <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Fails if <paramref name="secret"/> appears anywhere in what the database holds, in clear.</summary>
    public abstract Task AssertNotStoredAsync(string secret);

    /// <summary>Closes the pooled connections this process holds to the database.</summary>
    public abstract void ReleaseConnections();

    public abstract bool Exists();

    /// <summary>Removes the database, if it exists.</summary>
    public abstract void Delete();

    /// <summary>Done with the database: it is removed, or (on PostgreSQL) emptied for the next test to use.</summary>
    public virtual void Release() => Delete();
}
