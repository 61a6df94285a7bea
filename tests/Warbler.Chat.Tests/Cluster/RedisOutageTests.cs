using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>When the shared Redis goes away, requests that need it get a clear 503, and all comes back with it.</summary>
public sealed class RedisOutageTests
{
    private static readonly object Chat = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } } };

    [OwnRedisFact]
    public async Task RedisDown_LimitedKeysGet503InOpenAIShape_UnlimitedKeysGoOn_AndAllRecoverWhenItIsBack()
    {
        await using var redis = await RedisServer.StartAsync(ownServer: true);
        await using var nodes = await ClusterNodes.StartAsync(redis);
        var (_, limited) = await ClusterGatewayTests.CreateKeyAsync(nodes, new { requestsPerMinute = 1000 });
        var (_, unlimited) = await ClusterGatewayTests.CreateKeyAsync(nodes, new { });
        using var limitedOnB = nodes.B.CreateClient(limited);
        using var unlimitedOnB = nodes.B.CreateClient(unlimited);
        using var before = await limitedOnB.PostAsJsonAsync("/v1/chat/completions", Chat);
        using var keyReloadsOnB = new CounterTotals(nodes.B.Services.GetRequiredService<IMeterFactory>(), ClusterKeyLookupTests.ReloadsMetric);

        await redis.StopAsync();
        HttpResponseMessage? down = null;
        await ClusterGatewayTests.TimeUntilAsync(async () =>
        {
            down?.Dispose();
            down = await limitedOnB.PostAsJsonAsync("/v1/chat/completions", Chat);
            return down.StatusCode != HttpStatusCode.OK;
        });
        var error = await OpenAIErrorBody.ReadAsync(down!);
        using var models = await limitedOnB.GetAsync("/v1/models");
        using var unlimitedWhileDown = await unlimitedOnB.PostAsJsonAsync("/v1/chat/completions", Chat);

        await redis.RestartAsync();
        var recoveredAfter = await ClusterGatewayTests.TimeUntilAsync(async () =>
        {
            using var again = await limitedOnB.PostAsJsonAsync("/v1/chat/completions", Chat);
            return again.StatusCode == HttpStatusCode.OK;
        });

        // Notices sent while Redis was away are lost: B reads every key again once it is back.
        await Eventually.UntilAsync(() => Task.FromResult(keyReloadsOnB.Total > 0), because: () => "B did not read the keys again after Redis came back");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down!.StatusCode);
        Assert.Equal(("api_error", "limits_unavailable"), (error.Type, error.Code));
        Assert.Contains("Redis", error.Message, StringComparison.Ordinal);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, models.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlimitedWhileDown.StatusCode);
        Assert.True(recoveredAfter < TimeSpan.FromSeconds(5), $"Recovered after {recoveredAfter.TotalSeconds:F1} s.");
        down.Dispose();
    }
}
