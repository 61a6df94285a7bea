using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Warbler.Data;
using Warbler.Data.Usage;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Before the server takes requests, runs once what the first usage record runs: its journal line
/// (whose serializer, configured by the first bot reply instead, held that reply's thread and the
/// next ones for 165 ms), and on SQLite the database statements of a batch, rolled back. Best
/// effort: a failure is logged and the server starts all the same.
/// </summary>
internal sealed class UsagePathWarmUp(IServiceScopeFactory scopes, IOptions<UsageOptions> options, TimeProvider time, ILogger<UsagePathWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            _ = JournalJson.Line(new UsageRecord { RequestId = "warm-up", Model = "warm-up", CreatedAt = time.GetUtcNow().UtcDateTime });
            await using var scope = scopes.CreateAsyncScope();
            await UsageRecordInserter.WarmUpAsync(scope.ServiceProvider.GetRequiredService<WarblerDbContext>(), time, cancellationToken);
            GatewayLog.UsagePathWarmedUp(logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.UsagePathNotWarmedUp(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
