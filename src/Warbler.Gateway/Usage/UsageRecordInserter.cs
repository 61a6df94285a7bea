using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Warbler.Data;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Inserts a batch of usage records with one prepared statement in one transaction. Change
/// tracking would cost more than the rest of a relayed request; the statement is built from the
/// DbContext's model and its parameters from EF Core's own type mappings, so values are stored
/// exactly as EF Core stores and queries them.
/// </summary>
internal static class UsageRecordInserter
{
    /// <summary>Most record ids looked up in one query, so that a large <see cref="UsageOptions.BatchSize"/> stays within the engines' parameter limits.</summary>
    private const int LookupSize = 500;

    /// <summary>
    /// Stores the records of <paramref name="batch"/>. When <paramref name="again"/> (an earlier
    /// attempt failed, maybe only after the database had committed it), records already stored are
    /// skipped. Returns how many were skipped.
    /// </summary>
    public static async Task<int> InsertAsync(WarblerDbContext db, IReadOnlyList<UsageRecord> batch, bool again, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var records = again ? await NotStoredAsync(db, batch, cancellationToken) : batch;
            if (records.Count > 0)
            {
                await WriteAsync(db, transaction.GetDbTransaction(), records, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return batch.Count - records.Count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task WriteAsync(WarblerDbContext db, DbTransaction transaction, IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(UsageRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.GetColumnName(table)}\""))}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((column, i) => AddParameter(command, column, i)).ToList();
        await command.PrepareAsync(cancellationToken);

        foreach (var record in records)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                var (parameter, getter, mapping) = parameters[i];
                var value = getter.GetClrValue(record);
                if (value is string text)
                {
                    value = Fit(text, columns[i].GetMaxLength());
                }

                parameter.Value = (mapping.Converter is { } converter && value is not null ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The records of the batch not in the table, read in the transaction that stores them. Should
    /// the lost attempt's commit land only now, the unique record id fails this attempt rather
    /// than store a record twice, and the next attempt finds it.
    /// </summary>
    private static async Task<IReadOnlyList<UsageRecord>> NotStoredAsync(WarblerDbContext db, IReadOnlyList<UsageRecord> batch, CancellationToken cancellationToken)
    {
        var stored = new HashSet<Guid>();
        foreach (var ids in batch.Select(r => r.RecordId).Chunk(LookupSize))
        {
            stored.UnionWith(await db.UsageRecords.Where(r => ids.Contains(r.RecordId)).Select(r => r.RecordId).ToListAsync(cancellationToken));
        }

        return stored.Count == 0 ? batch : batch.Where(r => !stored.Contains(r.RecordId)).ToList();
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

    private static (DbParameter Parameter, IClrPropertyGetter Getter, RelationalTypeMapping Mapping) AddParameter(DbCommand command, IProperty column, int index)
    {
        var mapping = column.GetRelationalTypeMapping();
        var parameter = mapping.CreateParameter(command, $"@p{index}", null, column.IsNullable);
        command.Parameters.Add(parameter);
        return (parameter, column.GetGetter(), mapping);
    }
}
