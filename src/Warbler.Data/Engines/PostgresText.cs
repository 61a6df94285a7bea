using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Warbler.Data;

/// <summary>
/// PostgreSQL's text cannot hold the NUL character and refuses a statement that sends one. It is
/// dropped from every text parameter (what is written, and what is searched for), so such input
/// is stored or matched without it instead of failing the request.
/// </summary>
internal sealed class PostgresText : DbCommandInterceptor
{
    public static readonly PostgresText Instance = new();

    public static string WithoutNul(string text) => text.Replace("\0", "", StringComparison.Ordinal);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = parameter.Value switch
            {
                string text when text.Contains('\0', StringComparison.Ordinal) => WithoutNul(text),
                IEnumerable<string> texts when texts.Any(t => t.Contains('\0', StringComparison.Ordinal)) => texts.Select(WithoutNul).ToList(),
                var value => value,
            };
        }
    }
}
