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
    public static async Task InsertAsync(WarblerDbContext db, IReadOnlyList<UsageRecord> batch, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(UsageRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToList();

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.GetColumnName(table)}\""))}) " +
                $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            var parameters = columns.Select((column, i) => AddParameter(command, column, i)).ToList();
            await command.PrepareAsync(cancellationToken);

            foreach (var record in batch)
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

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
