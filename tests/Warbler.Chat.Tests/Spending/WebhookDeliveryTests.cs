using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Gateway.Budgets;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Spending;

public sealed class WebhookDeliveryTests
{
    private const string Secret = "whsec-test-0123456789abcdef";

    [Fact]
    public async Task Webhook_ReceiverFailsTwice_DeliveredOnceAtTheThirdAttemptSignedAndBackedOff()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
        await using var host = await GatewayHost.StartAsync(
            configure: Webhook(receiver, baseDelay: "00:00:10"), services: services => services.AddSingleton<TimeProvider>(clock));
        var (userId, _, _) = await SpendingData.UserAsync(host, "spender");

        host.Services.GetRequiredService<IBudgetAlerts>().Crossed(
            new BudgetCrossing(BudgetSubject.User, userId, "daily_cost", "2026-12-07", 80, 8m, 10m, clock.GetUtcNow()));

        // The clock moves a second at each look, so each pause is met without waiting for it.
        await Eventually.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return receiver.Accepted.Count == 1;
        }, because: "the third attempt to be accepted");

        var posts = receiver.Posts;
        Assert.Equal([false, false, true], posts.Select(p => p.Accepted));
        Assert.Single(posts.Select(p => p.Body).Distinct());
        var times = posts.Select(p => Verify(p)).ToList();

        // 10 s, then 20 s, each plus up to 20 % (and what the clock moved during an attempt).
        Assert.InRange(times[1] - times[0], 10, 19);
        Assert.InRange(times[2] - times[1], 20, 40);

        using var body = JsonDocument.Parse(posts[2].Body);
        var root = body.RootElement;
        Assert.Equal("budget.threshold", root.GetProperty("type").GetString());
        Assert.Equal(userId, root.GetProperty("subjectId").GetGuid());
        Assert.StartsWith("spender-", root.GetProperty("subjectName").GetString());
        Assert.Equal(("daily_cost", "2026-12-07", 80, 8m, 10m), (
            root.GetProperty("budget").GetString(), root.GetProperty("period").GetString(), root.GetProperty("percent").GetInt32(),
            root.GetProperty("spent").GetDecimal(), root.GetProperty("limit").GetDecimal()));
        Assert.NotEqual(Guid.Empty, root.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Webhook_SameThresholdOnTwoNodesAndTwice_OneWebhook_NextThresholdAnother()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var first = await GatewayHost.StartAsync(configure: Webhook(receiver));
        await using var second = await GatewayHost.StartAsync(configure: Webhook(receiver), databasePath: first.Database.Name);
        var (userId, _, _) = await SpendingData.UserAsync(first, "spender");
        var crossing = new BudgetCrossing(BudgetSubject.User, userId, "monthly_cost", "2026-12", 80, 80m, 100m, DateTimeOffset.UtcNow);

        first.Services.GetRequiredService<IBudgetAlerts>().Crossed(crossing);
        second.Services.GetRequiredService<IBudgetAlerts>().Crossed(crossing);
        first.Services.GetRequiredService<IBudgetAlerts>().Crossed(crossing);
        second.Services.GetRequiredService<IBudgetAlerts>().Crossed(crossing with { Percent = 100, Spent = 100m });

        await Eventually.UntilAsync(() => receiver.Accepted.Count >= 2, because: "the 80 % and 100 % webhooks");
        await Eventually.UntilAsync(async () => await PendingAsync(first) == 0, because: "every delivery to be done");
        Assert.Equal(2, (await first.Database.QueryAsync("SELECT COUNT(*) FROM budget_alerts", r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture))).Single());
        Assert.Equal([80, 100], receiver.Posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("percent").GetInt32()).Order());
    }

    private static async Task<int> PendingAsync(GatewayHost host) =>
        (await host.Database.QueryAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE \"DeliveredAt\" IS NULL AND \"FailedAt\" IS NULL", r => Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture))).Single();

    private static Action<Dictionary<string, string?>> Webhook(WebhookReceiver receiver, string baseDelay = "00:00:01") => settings =>
    {
        settings["Notifications:Webhook:Url"] = receiver.Url;
        settings["Notifications:Webhook:Secret"] = Secret;
        settings["Notifications:Webhook:BaseDelay"] = baseDelay;
        settings["Notifications:Webhook:MaxAttempts"] = "5";
    };

    /// <summary>Checks the signature as a receiver does and returns its timestamp (unix seconds).</summary>
    private static long Verify(WebhookReceiver.Received post)
    {
        var parts = post.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(parts["t"] + "." + post.Body));
        Assert.True(CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"])), $"Bad signature: {post.Signature}");
        return long.Parse(parts["t"], CultureInfo.InvariantCulture);
    }
}
