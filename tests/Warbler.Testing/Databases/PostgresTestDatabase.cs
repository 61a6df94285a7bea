using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Warbler.Data;

namespace Warbler.Testing;

/// <summary>
/// A database of its own on the PostgreSQL server that <c>WARBLER_TEST_POSTGRES</c> names. Creating
/// a database costs more than most tests, so each test process migrates one template and copies it,
/// and a database a test is done with is emptied and handed to the next test of the same process.
/// Names carry the process id (<c>warbler_test_{pid}_…</c>, <c>warbler_template_{pid}</c>), so what a
/// process leaves behind is dropped by the next one to start.
/// </summary>
public sealed class PostgresTestDatabase(string name) : TestDatabase(name)
{
    private static readonly string Server = Environment.GetEnvironmentVariable(PostgresServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"{EngineVariable}=postgres needs {PostgresServerVariable}, a connection string to the server, e.g. Host=127.0.0.1;Port=5432;Username=postgres.");

    private static readonly string ProcessPrefix = $"warbler_test_{Environment.ProcessId}_";
    private static readonly string TemplateName = $"warbler_template_{Environment.ProcessId}";

    /// <summary>The statements that empty a migrated database, worked out on the template.</summary>
    private static readonly Lazy<string> Template = new(CreateMigratedTemplate);

    private static readonly ConcurrentBag<string> Emptied = [];

    /// <summary>A database name of its own on the server, named for this process; no database yet.</summary>
    public static PostgresTestDatabase WithNewName() => new($"{ProcessPrefix}{Guid.NewGuid():N}");

    /// <summary>A new database, migrated and empty, whatever engine <c>WARBLER_TEST_DATABASE</c> names for the other tests.</summary>
    public static PostgresTestDatabase CopyOfMigrated()
    {
        _ = Template.Value;
        if (Emptied.TryTake(out var emptied))
        {
            return new(emptied);
        }

        var database = WithNewName();
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\" TEMPLATE \"{TemplateName}\"", connection);
        command.ExecuteNonQuery();
        return database;
    }

    public override string Provider => "Postgres";

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = Name }.ConnectionString;

    /// <summary>The host name of the PostgreSQL server.</summary>
    public string ServerHost => new NpgsqlConnectionStringBuilder(Server).Host!;

    /// <summary>The port of the PostgreSQL server.</summary>
    public int ServerPort => new NpgsqlConnectionStringBuilder(Server).Port;

    /// <summary>The <see cref="ConnectionString"/> with another server address, such as a relay's in front of the server.</summary>
    public string ConnectionStringThrough(string host, int port) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Host = host, Port = port }.ConnectionString;

    public override DbConnection CreateConnection() => new NpgsqlConnection(ConnectionString);

    /// <summary>Every row of every table, as PostgreSQL writes it out as text (what a dump would hold).</summary>
    public override async Task AssertNotStoredAsync(string secret)
    {
        var tables = await QueryAsync(
            "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            reader => reader.GetString(0));
        Assert.Contains("providers", tables);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} AS t WHERE strpos(t::text, @secret) > 0", connection);
            command.Parameters.AddWithValue("secret", secret);
            Assert.True((long)(await command.ExecuteScalarAsync())! == 0, $"The table {table} holds the secret in clear.");
        }
    }

    public override void ReleaseConnections() => NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));

    public override bool Exists()
    {
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", Name);
        return (long)command.ExecuteScalar()! > 0;
    }

    public override void Delete()
    {
        ReleaseConnections();
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Empties a database of this process (rows gone, ids from 1 again) for the next test to use; drops any other.</summary>
    public override void Release()
    {
        if (!Name.StartsWith(ProcessPrefix, StringComparison.Ordinal) || !Template.IsValueCreated)
        {
            Delete();
            return;
        }

        ReleaseConnections();
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(Template.Value, connection);
            command.ExecuteNonQuery();
        }
        catch (PostgresException)
        {
            // Dropped or changed by its test: not fit to hand on.
            Delete();
            return;
        }

        Emptied.Add(Name);
    }

    private static string CreateMigratedTemplate()
    {
        foreach (var stale in LeftByEndedProcesses())
        {
            new PostgresTestDatabase(stale).Delete();
        }

        var template = new PostgresTestDatabase(TemplateName);
        template.Delete();

        // No pooling: a copy cannot be made while any session is connected to the template.
        var options = new DbContextOptionsBuilder<PostgresWarblerDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString)
            .Options;
        using var db = new PostgresWarblerDbContext(options);
        db.Database.Migrate();
        return EmptyingStatements(db);
    }

    /// <summary>DELETE for every table, those that others refer to last, and a restart of every id sequence.</summary>
    private static string EmptyingStatements(PostgresWarblerDbContext db)
    {
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToList();
        var referencedBy = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetForeignKeys().Select(k => (Table: k.PrincipalEntityType.GetTableName()!, By: e.GetTableName()!)))
            .Where(r => r.Table != r.By)
            .ToLookup(r => r.Table, r => r.By);
        var ordered = new List<string>();
        void Visit(string table)
        {
            if (ordered.Contains(table))
            {
                return;
            }

            foreach (var referrer in referencedBy[table])
            {
                Visit(referrer);
            }

            ordered.Add(table);
        }

        tables.ForEach(Visit);
        var sequences = db.Database.SqlQueryRaw<string>("SELECT quote_ident(sequencename) AS \"Value\" FROM pg_sequences WHERE schemaname = 'public'").ToList();
        return string.Join("; ", ordered.Select(t => $"DELETE FROM \"{t}\"").Concat(sequences.Select(s => $"ALTER SEQUENCE {s} RESTART")));
    }

    private static List<string> LeftByEndedProcesses()
    {
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'warbler\\_test\\_%' OR datname LIKE 'warbler\\_template\\_%'", connection);
        using var reader = command.ExecuteReader();
        var stale = new List<string>();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            var processId = name.Split('_') is [_, _, var id, ..] && int.TryParse(id, out var parsed) ? parsed : (int?)null;
            if (processId is { } ended && !IsRunning(ended))
            {
                stale.Add(name);
            }
        }

        return stale;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static NpgsqlConnection OpenServerConnection()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
