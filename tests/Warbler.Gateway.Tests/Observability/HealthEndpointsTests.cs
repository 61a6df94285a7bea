using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Reliability;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Observability;

/// <summary><c>/healthz</c> says the process serves; <c>/readyz</c> says whether it can answer completions. Neither needs a key.</summary>
public sealed class HealthEndpointsTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Healthz_WithoutKey_Returns200()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = await ReadReportAsync(response);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_DatabaseAndProviderUp_Returns200()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = await ReadReportAsync(response);
        Assert.Equal("Healthy", CheckStatus(report, "database"));
        Assert.Equal("Healthy", CheckStatus(report, "providers"));
    }

    [Fact]
    public async Task Readyz_OnlyProviderCoolingDown_Returns503NamingTheProvidersCheck()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Gateway:CoolDown:FailureThreshold"] = "1";
            s["Gateway:CoolDown:Duration"] = "00:05:00";
        });
        host.Upstream.Default = UpstreamScript.Fail(503);
        using var caller = await Calls.CreateClientAsync(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Calls.ChatAsync(caller)).Status);
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = await ReadReportAsync(response);
        Assert.Equal("Unhealthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", CheckStatus(report, "database"));
        Assert.Equal("Unhealthy", CheckStatus(report, "providers"));
        var providers = report.RootElement.GetProperty("checks").GetProperty("providers");
        Assert.Contains("primary", providers.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("cooling down until", providers.GetProperty("data").GetProperty("primary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_DatabaseGone_Returns503NamingTheDatabaseCheck()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Database.Delete();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = await ReadReportAsync(response);
        Assert.Equal("Unhealthy", CheckStatus(report, "database"));
        Assert.Equal("Healthy", CheckStatus(report, "providers"));
        Assert.False(host.Database.Exists(), "the readiness check created the database it was checking");
    }

    private static async Task<JsonDocument> ReadReportAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string? CheckStatus(JsonDocument report, string check) =>
        report.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
}
