using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Warbler.Data;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Inserts a batch of usage records, and its id, with prepared statements in one transaction. Change
/// tracking would cost more than the rest of a relayed request; the statements are built from the
/// DbContext's model and its parameters from EF Core's own type mappings, so values are stored
/// exactly as EF Core stores and queries them.
/// </summary>
internal static class UsageRecordInserter
{
    /// <summary>A retry needs only the batch ids of the last minutes; a day's are kept.</summary>
    private static readonly TimeSpan BatchIdsKept = TimeSpan.FromDays(1);

    /// <summary>
    /// Stores the records of <paramref name="batch"/> with its id, in one transaction. When
    /// <paramref name="again"/> (an earlier attempt failed, maybe only after the database had
    /// committed it) and the id is already stored, nothing is written. Returns false then.
    /// </summary>
    public static Task<bool> InsertAsync(WarblerDbContext db, Guid batchId, IReadOnlyList<UsageRecord> batch, bool again, TimeProvider time, CancellationToken cancellationToken) =>
        SerialWrites.RunAsync(db, () => InsertInTurnAsync(db, batchId, batch, again, time, cancellationToken));

    /// <summary>
    /// On SQLite, runs every statement of an insert, and the occasional pruning of old batch ids, on
    /// a batch of one made-up record in a transaction that is rolled back: the first real batch
    /// after a start then finds them compiled and prepared rather than holding up the writes queued
    /// behind it on the one writer, sends among them. PostgreSQL queues no write behind another, so
    /// there it is left alone (a rolled-back row would also use up an id).
    /// </summary>
    public static Task WarmUpAsync(WarblerDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        !db.Database.IsSqlite() ? Task.CompletedTask : SerialWrites.RunAsync(db, async () =>
        {
            var record = new UsageRecord { RequestId = "warm-up", Model = "warm-up", CreatedAt = time.GetUtcNow().UtcDateTime };
            await InTransactionAsync(db, async transaction =>
            {
                await WriteAsync(db, transaction, Guid.NewGuid(), [record], again: true, prune: true, time, cancellationToken);
                await transaction.RollbackAsync(CancellationToken.None);
                return true;
            }, cancellationToken);
        });

    private static Task<bool> InsertInTurnAsync(WarblerDbContext db, Guid batchId, IReadOnlyList<UsageRecord> batch, bool again, TimeProvider time, CancellationToken cancellationToken) =>
        InTransactionAsync(db, async transaction =>
        {
            // Now and then, at no fixed time, the ids no retry will look for go.
            if (!await WriteAsync(db, transaction, batchId, batch, again, prune: batchId.GetHashCode() % 64 == 0, time, cancellationToken))
            {
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);

    private static async Task<bool> InTransactionAsync(WarblerDbContext db, Func<IDbContextTransaction, Task<bool>> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            return await work(transaction);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <returns>False, with nothing written, when <paramref name="again"/> and the batch id is stored already.</returns>
    private static async Task<bool> WriteAsync(
        WarblerDbContext db, IDbContextTransaction transaction, Guid batchId, IReadOnlyList<UsageRecord> batch, bool again, bool prune, TimeProvider time, CancellationToken cancellationToken)
    {
        if (again && await db.UsageBatches.AnyAsync(b => b.Id == batchId, cancellationToken))
        {
            return false;
        }

        var dbTransaction = transaction.GetDbTransaction();
        await using (var insert = await PreparedInsert.CreateAsync(db, dbTransaction, typeof(UsageRecord), cancellationToken))
        {
            foreach (var record in batch)
            {
                await insert.RunAsync(record, cancellationToken);
            }
        }

        // Should the lost attempt's commit land only now, this id's key fails this attempt
        // rather than store the batch twice, and the next attempt finds it.
        var now = time.GetUtcNow().UtcDateTime;
        await using (var insert = await PreparedInsert.CreateAsync(db, dbTransaction, typeof(UsageBatch), cancellationToken))
        {
            await insert.RunAsync(new UsageBatch { Id = batchId, WrittenAt = now }, cancellationToken);
        }

        if (prune)
        {
            await db.UsageBatches.Where(b => b.WrittenAt < now - BatchIdsKept).ExecuteDeleteAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Records carry what clients and upstreams sent (a model name may be anything): text is cut to
    /// its column's length and loses NUL characters, which PostgreSQL refuses, so that one odd
    /// request cannot keep the whole batch it is in from being written.
    /// </summary>
    private static string Fit(string text, int? maxLength)
    {
        var storable = text.Replace("\0", "", StringComparison.Ordinal);
        if (maxLength is not { } max || storable.Length <= max)
        {
            return storable;
        }

        // Not between the two halves of a surrogate pair.
        return storable[..(char.IsHighSurrogate(storable[max - 1]) ? max - 1 : max)];
    }

    /// <summary>
    /// One prepared <c>INSERT</c> of an entity type's stored columns, built from the model, run once
    /// a row: no change tracking, and no query or update pipeline to compile and warm.
    /// </summary>
    private sealed class PreparedInsert(DbCommand command, List<IProperty> columns, List<(DbParameter Parameter, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)> parameters)
        : IAsyncDisposable
    {
        public static async Task<PreparedInsert> CreateAsync(WarblerDbContext db, DbTransaction transaction, Type type, CancellationToken cancellationToken)
        {
            var entity = db.Model.FindEntityType(type)!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();
            var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.GetColumnName(table)}\""))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            var parameters = columns.Select((column, i) => AddParameter(command, column, i)).ToList();
            await command.PrepareAsync(cancellationToken);
            return new PreparedInsert(command, columns, parameters);
        }

        public async Task RunAsync(object row, CancellationToken cancellationToken)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var (parameter, getter, mapping) = parameters[i];
                var value = getter.GetClrValue(row);
                if (value is string text)
                {
                    value = Fit(text, columns[i].GetMaxLength());
                }

                parameter.Value = (mapping.Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();

        private static (DbParameter Parameter, IClrPropertyGetter Getter, RelationalTypeMapping Mapping) AddParameter(DbCommand command, IProperty column, int index)
        {
            var mapping = column.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, $"@p{index}", null, column.IsNullable);
            command.Parameters.Add(parameter);
            return (parameter, column.GetGetter(), mapping);
        }
    }
}
