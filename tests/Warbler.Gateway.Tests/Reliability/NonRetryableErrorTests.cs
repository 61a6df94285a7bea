using System.Net;
using Warbler.FakeUpstream;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// Errors that another attempt would only repeat are never retried; a rejected provider key
/// (401, 403) is that provider's fault, so the next provider is tried.
/// </summary>
public sealed class NonRetryableErrorTests(RetryHostFixture shared, FailoverHostFixture failover) : IClassFixture<RetryHostFixture>, IClassFixture<FailoverHostFixture>
{
    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    public async Task Post_BadRequestOrNotFoundFromUpstream_IsNeitherRetriedNorFailedOver(int status)
    {
        var host = failover.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(status, "Invalid value for 'messages'.");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(status, (int)answer.Status);
        Assert.Equal("Invalid value for 'messages'.", answer.Error().Message);
        Assert.Single(host.Upstreams["alpha"].Requests);
        Assert.Empty(host.Upstreams["beta"].Requests);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Post_ProviderKeyRejected_FailsOverWithoutRetrying(int status)
    {
        var host = failover.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(status, "Incorrect API key provided.");
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        Assert.Single(host.Upstreams["alpha"].Requests);
        Assert.Single(host.Upstreams["beta"].Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    public async Task Post_BadRequestOrNotFoundFromOnlyProvider_IsReturnedAfterExactlyOneRequest(int status)
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Fail(status, "The upstream refused this.");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(status, (int)answer.Status);
        Assert.Equal("The upstream refused this.", answer.Error().Message);
        Assert.Single(host.Upstream.Requests);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Post_KeyRejectedByOnlyProvider_IsBadGatewayWithoutTheUpstreamMessage(int status)
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Fail(status, "Incorrect API key provided: sk-upst****cret.");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        // The client's own key was fine: it must not read this as a 401 of its own.
        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        var error = answer.Error();
        Assert.Contains("'primary'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-upst", error.Message, StringComparison.Ordinal);
        Assert.Single(host.Upstream.Requests);
    }
}
