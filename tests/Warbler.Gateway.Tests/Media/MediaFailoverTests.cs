using System.Net;
using System.Net.Http.Headers;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Reliability;
using Warbler.Gateway.Tests.Usage;

namespace Warbler.Gateway.Tests.Media;

/// <summary>
/// Images, audio and moderations are retried and fail over as chat completions are: a provider
/// answering 503 is tried again, then the next provider answers, with the whole request (uploads
/// included) sent each time, and the call is recorded once, for the provider that answered.
/// </summary>
public sealed class MediaFailoverTests(FailoverHostFixture shared) : IClassFixture<FailoverHostFixture>
{
    [Theory]
    [InlineData("/v1/images/generations")]
    [InlineData("/v1/images/edits")]
    [InlineData("/v1/audio/speech")]
    [InlineData("/v1/audio/transcriptions")]
    [InlineData("/v1/audio/translations")]
    [InlineData("/v1/moderations")]
    public async Task Post_FirstProviderFailsWith503_IsRetriedThenAnsweredByTheNext(string route)
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer("answered by beta");
        using var http = host.CreateClient(key);

        using var response = await http.PostAsync(route, Body(route));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alpha = host.Upstreams["alpha"].Requests;
        Assert.Equal(3, alpha.Count);
        Assert.All(alpha, r => Assert.Equal(route, r.Path));
        var beta = Assert.Single(host.Upstreams["beta"].Requests);
        Assert.Equal(route, beta.Path);
        Assert.Equal(alpha[0].Body, beta.Body);
        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        Assert.Equal(("beta", 200), (record.Provider, record.Status));
    }

    private static HttpContent Body(string route) => route switch
    {
        "/v1/images/generations" => JsonContent.Create(new { model = "dall-e-3", prompt = "A warbler on a branch", n = 1 }),
        "/v1/audio/speech" => JsonContent.Create(new { model = "tts-1", input = "Hello there", voice = "alloy" }),
        "/v1/moderations" => JsonContent.Create(new { model = "omni-moderation-latest", input = "Hello there" }),
        "/v1/images/edits" => new MultipartFormDataContent
        {
            { new StringContent("dall-e-2"), "model" },
            { new StringContent("Add a hat"), "prompt" },
            { new ByteArrayContent(Convert.FromBase64String(FakeMedia.TinyPng)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "image", "bird.png" },
        },
        _ => new MultipartFormDataContent
        {
            { new StringContent("whisper-1"), "model" },
            { new ByteArrayContent(MediaClients.Wav(2)) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } }, "file", "clip.wav" },
        },
    };
}
