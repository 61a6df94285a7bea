using System.Net;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Tests.Relay;

/// <summary><see cref="UpstreamCaller"/> on its own: retries, failover, and the one failure type it throws.</summary>
public sealed class UpstreamCallerTests
{
    private static readonly Func<HttpResponseMessage> Ok = () => RelayParts.Json(HttpStatusCode.OK, """{"choices":[]}""");

    [Fact]
    public async Task SendAsync_FirstProviderFails503_TheSecondAnswers()
    {
        var alpha = new ScriptedHandler(() => RelayParts.Json(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"busy"}}"""));
        var beta = new ScriptedHandler(Ok);
        using var a = RelayParts.Provider("alpha", alpha);
        using var b = RelayParts.Provider("beta", beta);

        using var answer = await RelayParts.Caller(maxRetries: 2).SendAsync(Call(a, b), CancellationToken.None);

        Assert.Equal(("beta", HttpStatusCode.OK), (answer.Provider.Name, answer.Response.StatusCode));
        Assert.Equal((3, 1), (alpha.Requests, beta.Requests));
    }

    [Fact]
    public async Task SendAsync_ProviderRefusesTheRequest_ItsAnswerComesBackWithoutRetryOrFailover()
    {
        var alpha = new ScriptedHandler(() => RelayParts.Json(HttpStatusCode.BadRequest, """{"error":{"message":"context too long"}}"""));
        var beta = new ScriptedHandler(Ok);
        using var a = RelayParts.Provider("alpha", alpha);
        using var b = RelayParts.Provider("beta", beta);

        using var answer = await RelayParts.Caller(maxRetries: 2).SendAsync(Call(a, b), CancellationToken.None);
        var failure = (await UpstreamFailure.ReadAsync(answer, TimeProvider.System, CancellationToken.None)).ToException(answer);

        Assert.Equal((1, 0), (alpha.Requests, beta.Requests));
        Assert.Equal((GatewayErrorKind.UpstreamError, 400, 400, "alpha"), (failure.Kind, failure.Status, failure.UpstreamStatus, failure.Provider));
        Assert.Equal("context too long", failure.ProviderMessage);
    }

    [Fact]
    public async Task SendAsync_EveryProviderFails_ThrowsProvidersUnavailableNamingEach()
    {
        using var a = RelayParts.Provider("alpha", new ScriptedHandler(() => RelayParts.Json(HttpStatusCode.InternalServerError, "{}")));
        using var b = RelayParts.Provider("beta", new ScriptedHandler(() => throw new HttpRequestException("Connection refused")));

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => RelayParts.Caller().SendAsync(Call(a, b), CancellationToken.None));

        Assert.Equal((GatewayErrorKind.ProvidersUnavailable, 502), (error.Kind, error.Status));
        Assert.Contains("alpha: HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("beta: Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ProviderRefusesWarblersKey_IsProvidersUnavailableAndItsWordsAreNotPassedOn()
    {
        using var a = RelayParts.Provider("alpha", new ScriptedHandler(() => RelayParts.Json(HttpStatusCode.Unauthorized, """{"error":{"message":"bad key sk-alpha-secret"}}""")));

        using var answer = await RelayParts.Caller().SendAsync(Call(a), CancellationToken.None);
        var failure = (await UpstreamFailure.ReadAsync(answer, TimeProvider.System, CancellationToken.None)).ToException(answer);

        Assert.Equal((GatewayErrorKind.ProvidersUnavailable, 502, 401), (failure.Kind, failure.Status, failure.UpstreamStatus));
        Assert.Null(failure.ProviderMessage);
        Assert.DoesNotContain("sk-alpha-secret", failure.Message, StringComparison.Ordinal);
    }

    private static UpstreamCall Call(params Provider[] providers) =>
        new(UpstreamOperation.ChatCompletions, "gpt-4o-mini", """{"model":"gpt-4o-mini","messages":[]}"""u8.ToArray(), providers);
}
