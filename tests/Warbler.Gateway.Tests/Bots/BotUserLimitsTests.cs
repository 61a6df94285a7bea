using Warbler.Gateway.Errors;
using Warbler.Testing;
using Warbler.Gateway.Tests.Usage;

namespace Warbler.Gateway.Tests.Bots;

/// <summary>
/// Each user's limits on bot replies (<c>Chat:UserLimits</c>), enforced by the gateway's rate
/// limiter as keys' limits are. The fake upstream reports 18 tokens per reply; a reply with
/// <c>MaxTokens = 5</c> to "Hello" reserves 12 (7 for the prompt, 5 for the reply).
/// </summary>
public sealed class BotUserLimitsTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_MoreRepliesPerMinuteThanAllowed_IsRateLimitedWithRetryAfter()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Chat:UserLimits:BotRequestsPerMinute"] = "2");

        await BotCalls.CollectAsync(host, BotCalls.Request());
        await BotCalls.CollectAsync(host, BotCalls.Request());
        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => BotCalls.CollectAsync(host, BotCalls.Request()));
        var otherUser = await BotCalls.CollectAsync(host, BotCalls.Request(user: BotCalls.Bob));

        Assert.Equal((GatewayErrorKind.RateLimited, 429), (error.Kind, error.Status));
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Contains("limit 2 per minute", error.Message, StringComparison.Ordinal);
        Assert.NotNull(otherUser[^1].Finish());
        Assert.Equal(3, host.Upstream.Requests.Count);
        var records = await UsageRecords.WaitForAsync(host, 4);
        Assert.Equal([200, 200, 429, 200], records.Select(r => r.Status));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ReplyThatWouldExceedTheTokensPerDay_IsBudgetExhaustedUntilTomorrow()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Chat:UserLimits:TokensPerDay"] = "29");

        var first = await BotCalls.CollectAsync(host, BotCalls.Request(maxTokens: 5));
        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => BotCalls.CollectAsync(host, BotCalls.Request(maxTokens: 5)));

        Assert.Equal(18, first[^1].Finish()!.Usage.TotalTokens);
        Assert.Equal((GatewayErrorKind.BudgetExhausted, 429), (error.Kind, error.Status));
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TokensPerDayAfterRestart_CountWhatTheUserUsedToday()
    {
        var databasePath = GatewayHost.NewDatabasePath();
        static void Configure(Dictionary<string, string?> settings) => settings["Chat:UserLimits:TokensPerDay"] = "29";
        try
        {
            await using (var first = await GatewayHost.StartAsync(configure: Configure, databasePath: databasePath))
            {
                await BotCalls.CollectAsync(first, BotCalls.Request(maxTokens: 5));
                await UsageRecords.WaitForAsync(first, 1);
            }

            await using var second = await GatewayHost.StartAsync(configure: Configure, databasePath: databasePath);

            var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => BotCalls.CollectAsync(second, BotCalls.Request(maxTokens: 5)));
            Assert.Equal(GatewayErrorKind.BudgetExhausted, error.Kind);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Fact]
    public async Task GetStreamingResponseAsync_LimitsSetToZero_AreNotEnforced()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Chat:UserLimits:BotRequestsPerMinute"] = "0";
            s["Chat:UserLimits:TokensPerDay"] = "0";
        });

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull((await BotCalls.CollectAsync(host, BotCalls.Request(maxTokens: 1_000_000)))[^1].Finish());
        }
    }
}
