using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// Counts the database commands a request issues through its own <see cref="WarblerDbContext"/>,
/// from its first middleware to its answer. A request marked with the header <see cref="Header"/>
/// has its commands kept under the header's value. Commands of other contexts (a bot reply written
/// in the background, the usage writer) are not the request's and are not counted.
/// </summary>
public sealed class RequestCommandCounter : DbCommandInterceptor, IStartupFilter
{
    public const string Header = "x-test-count-commands";

    private readonly ConcurrentDictionary<DbContextId, ConcurrentQueue<string>> _byContext = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<IReadOnlyList<string>>> _byTag = new();

    /// <summary>Adds the counter to a host's services (the <c>services</c> argument of <see cref="Testing.GatewayHost.StartAsync"/>).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<SqliteWarblerDbContext>(o => o.AddInterceptors(this), ServiceLifetime.Singleton);
        services.ConfigureDbContext<PostgresWarblerDbContext>(o => o.AddInterceptors(this), ServiceLifetime.Singleton);
        services.AddSingleton<IStartupFilter>(this);
    }

    /// <summary>The commands the request marked with <paramref name="tag"/> issued, once it has been answered.</summary>
    public Task<IReadOnlyList<string>> CommandsOfAsync(string tag) => Tagged(tag).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header].ToString() is not { Length: > 0 } tag)
            {
                await nextMiddleware(context);
                return;
            }

            // The request's scoped context, the same instance its endpoint is given; its id is new with each lease from the pool.
            var id = context.RequestServices.GetRequiredService<WarblerDbContext>().ContextId;
            _byContext[id] = new ConcurrentQueue<string>();
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                _byContext.TryRemove(id, out var commands);
                Tagged(tag).TrySetResult([.. commands ?? []]);
            }
        });
        next(app);
    };

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is { } context && _byContext.TryGetValue(context.ContextId, out var commands))
        {
            commands.Enqueue(command.CommandText);
        }
    }

    private TaskCompletionSource<IReadOnlyList<string>> Tagged(string tag) =>
        _byTag.GetOrAdd(tag, _ => new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously));
}
