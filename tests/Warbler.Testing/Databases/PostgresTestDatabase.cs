using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Warbler.Data;

namespace Warbler.Testing;

/// <summary>A database of its own on the PostgreSQL server that <c>WARBLER_TEST_POSTGRES</c> names.</summary>
public sealed class PostgresTestDatabase(string name) : TestDatabase(name)
{
    private static readonly string Server = Environment.GetEnvironmentVariable(PostgresServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"{EngineVariable}=postgres needs {PostgresServerVariable}, a connection string to the server, e.g. Host=127.0.0.1;Port=5432;Username=postgres.");

    private const string TemplatePrefix = "warbler_template_";

    /// <summary>Migrated once per test process, then copied for each database.</summary>
    private static readonly Lazy<string> MigratedTemplate = new(CreateMigratedTemplate);

    internal static PostgresTestDatabase WithNewName() => new($"warbler_test_{Guid.NewGuid():N}");

    internal static PostgresTestDatabase CopyOfMigrated()
    {
        var database = WithNewName();
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\" TEMPLATE \"{MigratedTemplate.Value}\"", connection);
        command.ExecuteNonQuery();
        return database;
    }

    /// <summary>The template is named after this process; templates of processes that have ended are dropped here, as nothing else drops them.</summary>
    private static string CreateMigratedTemplate()
    {
        foreach (var stale in LeftByEndedProcesses())
        {
            new PostgresTestDatabase(stale).Delete();
        }

        var template = new PostgresTestDatabase($"{TemplatePrefix}{Environment.ProcessId}");
        template.Delete();

        // No pooling: a copy cannot be made while any session is connected to the template.
        var options = new DbContextOptionsBuilder<PostgresWarblerDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString)
            .Options;
        using (var db = new PostgresWarblerDbContext(options))
        {
            db.Database.Migrate();
        }

        return template.Name;
    }

    private static List<string> LeftByEndedProcesses()
    {
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{TemplatePrefix}%'", connection);
        using var reader = command.ExecuteReader();
        var stale = new List<string>();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (int.TryParse(name[TemplatePrefix.Length..], out var processId) && !IsRunning(processId))
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

    public override string Provider => "Postgres";

    public override string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = Name }.ConnectionString;

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

    public override void ReleaseConnections() => NpgsqlConnection.ClearAllPools();

    public override bool Exists()
    {
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", Name);
        return (long)command.ExecuteScalar()! > 0;
    }

    public override void Delete()
    {
        using var connection = OpenServerConnection();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static NpgsqlConnection OpenServerConnection()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
