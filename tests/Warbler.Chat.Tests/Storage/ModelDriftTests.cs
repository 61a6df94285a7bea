using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Warbler.Data;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// The model and each engine's migrations agree: a change to an entity or its configuration with no
/// migration to hold it fails here, naming what a migration would do. Neither engine needs a database.
/// </summary>
public sealed class ModelDriftTests
{
    [Fact]
    public void Model_OnSqlite_HasNoChangesThatNoMigrationHolds()
    {
        using var db = new SqliteWarblerDbContext(new DbContextOptionsBuilder<SqliteWarblerDbContext>().UseSqlite("Data Source=:memory:").Options);
        AssertNoPendingChanges(db, "Sqlite");
    }

    [Fact]
    public void Model_OnPostgres_HasNoChangesThatNoMigrationHolds()
    {
        using var db = new PostgresWarblerDbContext(new DbContextOptionsBuilder<PostgresWarblerDbContext>().UseNpgsql("Host=localhost;Database=warbler").Options);
        AssertNoPendingChanges(db, "Postgres");
    }

    /// <summary>What <c>HasPendingModelChanges</c> checks (the last migration's snapshot against the model), with the differences spelt out.</summary>
    private static void AssertNoPendingChanges(WarblerDbContext db, string engine)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model;
        Assert.NotNull(snapshot);
        if (snapshot is IMutableModel mutable)
        {
            snapshot = mutable.FinalizeModel();
        }

        snapshot = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        var model = db.GetService<IDesignTimeModel>().Model;
        var differences = db.GetService<IMigrationsModelDiffer>().GetDifferences(snapshot.GetRelationalModel(), model.GetRelationalModel());

        Assert.True(
            differences.Count == 0,
            $"The model has changes that no {engine} migration holds. Add a migration, on both engines; on this one:\n" +
            $"  dotnet ef migrations add NAME --project src/Warbler.Data --startup-project src/Warbler.Server --context {engine}WarblerDbContext --output-dir Migrations/{engine}\n" +
            "What it would do:\n" + string.Join("\n", Describe(db, differences, model)));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    private static IEnumerable<string> Describe(WarblerDbContext db, IReadOnlyList<MigrationOperation> differences, IModel model)
    {
        try
        {
            return db.GetService<IMigrationsSqlGenerator>().Generate(differences, model).Select(command => "  " + command.CommandText.Trim());
        }
        catch (NotSupportedException)
        {
            // An operation the engine has no SQL for by itself (one SQLite does by rebuilding a table): named instead.
            return differences.Select(operation => "  " + operation.GetType().Name);
        }
    }
}
