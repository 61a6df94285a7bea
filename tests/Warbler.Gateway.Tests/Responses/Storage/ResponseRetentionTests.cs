using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Gateway.Responses.Storage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses.Storage;

/// <summary>
/// <c>Responses:Retention</c>: a response is gone for its key once its retention has passed, and the
/// sweep deletes expired ones from the database in batches, on a fake clock.
/// </summary>
public sealed class ResponseRetentionTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task GetResponse_AfterItsRetention_Returns404()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(clock);
        var (key, keyId) = await host.NewKeyAsync();
        var stored = StoredResponseSamples.Answer(keyId, "Remember?", "For an hour.");
        await host.Store().SaveAsync(stored, CancellationToken.None);
        using var client = host.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/responses/{stored.Id}")).StatusCode);

        clock.Advance(Retention);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/responses/{stored.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/responses/{stored.Id}/input_items")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/v1/responses/{stored.Id}")).StatusCode);
        Assert.Null(await host.Store().CollectConversationAsync(stored.Id, keyId, CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_AfterRetention_DeletesEveryExpiredResponseInBatchesAndKeepsTheRest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(clock);
        var (_, keyId) = await host.NewKeyAsync();
        var old = Enumerable.Range(0, 5).Select(i => StoredResponseSamples.Answer(keyId, $"old {i}", "expires")).ToList();
        foreach (var response in old)
        {
            await host.Store().SaveAsync(response, CancellationToken.None);
        }

        await host.WrittenAsync([.. old.Select(r => r.Id)]);
        clock.Advance(Retention - SweepInterval);
        var fresh = StoredResponseSamples.Answer(keyId, "new", "stays");
        await host.Store().SaveAsync(fresh, CancellationToken.None);
        await host.WrittenAsync(fresh.Id);

        clock.Advance(SweepInterval);

        await Eventually.UntilAsync(async () => await host.RowsAsync([.. old.Select(r => r.Id)]) == 0, because: "the sweep to delete the 5 expired responses (2 a batch)");
        Assert.Equal(1, await host.RowsAsync(fresh.Id));
        Assert.Equal(0, await host.Services.GetRequiredService<ResponseRetentionSweep>().SweepAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("Retention", "00:00:00")]
    [InlineData("Retention", "3651.00:00:00")]
    [InlineData("SweepInterval", "00:00:00")]
    [InlineData("SweepBatchSize", "0")]
    [InlineData("MaxConversationDepth", "0")]
    public void Validate_SettingOutOfRange_FailsNamingTheSetting(string setting, string value)
    {
        var options = new ResponseStorageOptions();
        var property = typeof(ResponseStorageOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan)
            ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new ResponseStorageOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Responses:{setting} must be", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_KeepResponsesThirtyDays()
    {
        var options = new ResponseStorageOptions();

        Assert.True(new ResponseStorageOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromDays(30), options.Retention);
    }

    private static Task<GatewayHost> StartAsync(FakeTimeProvider clock) => GatewayHost.StartAsync(
        configure: settings =>
        {
            settings["Responses:Retention"] = Retention.ToString();
            settings["Responses:SweepInterval"] = SweepInterval.ToString();
            settings["Responses:SweepBatchSize"] = "2";
        },
        services: services => services.AddSingleton<TimeProvider>(clock));
}
