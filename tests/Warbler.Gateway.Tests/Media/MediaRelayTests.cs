using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using OpenAI.Audio;
using OpenAI.Images;
using OpenAI.Moderations;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Media;

/// <summary>
/// Images, audio and moderations through Warbler with the OpenAI .NET library's clients, against the
/// fake upstream: relayed as they are, each with one usage record of what it used and its cost.
/// </summary>
public sealed class MediaRelayTests(PricedHostFixture shared) : IClassFixture<PricedHostFixture>
{
    [Fact]
    public async Task GenerateImages_DallE_RecordsTheImagesMadeAtTheirPrice()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var images = MediaClients.For(host, key).GetImageClient("dall-e-3");

        GeneratedImageCollection generated = await images.GenerateImagesAsync("A warbler", 2, new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes });

        Assert.Equal(2, generated.Count);
        Assert.Equal(Convert.FromBase64String(FakeMedia.TinyPng), generated[0].ImageBytes.ToArray());
        Assert.Equal("/v1/images/generations", host.Upstream.Requests.Single().Path);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal(("dall-e-3", 200, 0, 0, 2.0, "images"), (record.Model, record.Status, record.PromptTokens, record.CompletionTokens, record.Quantity, record.Unit));
        Assert.Equal(0.08m, record.Cost);
    }

    [Fact]
    public async Task GenerateImage_GptImage_RecordsTheTokensItReports()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer() with { PromptTokens = 20, CompletionTokens = 1000 });
        var images = MediaClients.For(host, key).GetImageClient("gpt-image-1");

        GeneratedImage image = await images.GenerateImageAsync("A warbler");

        Assert.NotNull(image.ImageBytes);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((20, 1000, (double?)null, (string?)null), (record.PromptTokens, record.CompletionTokens, record.Quantity, record.Unit));
        Assert.Equal(((20 * 5) + (1000 * 40)) / 1_000_000m, record.Cost);
    }

    [Fact]
    public async Task GenerateImageEdit_MultipartUpload_IsRelayedWithItsFieldsAndRecorded()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var images = MediaClients.For(host, key).GetImageClient("dall-e-2");
        using var picture = new MemoryStream(Convert.FromBase64String(FakeMedia.TinyPng));

        GeneratedImage edited = await images.GenerateImageEditAsync(picture, "bird.png", "Add a hat", new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes });

        Assert.NotNull(edited.ImageBytes);
        var sent = host.Upstream.Requests.Single();
        Assert.Equal("/v1/images/edits", sent.Path);
        Assert.StartsWith("multipart/form-data; boundary=", sent.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("Add a hat", sent.Body, StringComparison.Ordinal);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal(("dall-e-2", 1.0, "images"), (record.Model, record.Quantity, record.Unit));
    }

    [Fact]
    public async Task GenerateSpeech_StreamsTheUpstreamsAudioAndRecordsTheCharacters()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var audio = MediaClients.For(host, key).GetAudioClient("tts-1");

        BinaryData speech = await audio.GenerateSpeechAsync("Hello from Warbler.", GeneratedSpeechVoice.Alloy);

        Assert.Equal(FakeMedia.SpeechBytes, speech.ToArray());
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal(("tts-1", 200, 19.0, "characters"), (record.Model, record.Status, record.Quantity, record.Unit));
        Assert.Equal(19 * 15 / 1_000_000m, record.Cost);
    }

    [Fact]
    public async Task Speech_ContentTypeOfTheUpstream_ReachesTheClient()
    {
        var host = shared.Fresh();
        using var http = host.CreateClient(await host.CreateKeyAsync());

        using var response = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi", voice = "alloy" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TranscribeAudio_VerboseJson_RecordsTheDurationAtThePricePerMinute()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("a warbler sings") with { AudioSeconds = 90 });
        var audio = MediaClients.For(host, key).GetAudioClient("whisper-1");
        using var file = new MemoryStream(MediaClients.Wav(1));

        AudioTranscription transcription = await audio.TranscribeAudioAsync(file, "song.wav", new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose });

        Assert.Equal("a warbler sings", transcription.Text);
        Assert.Equal(TimeSpan.FromSeconds(90), transcription.Duration);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal(("whisper-1", 90.0, "seconds"), (record.Model, record.Quantity, record.Unit));
        Assert.Equal(0.009m, record.Cost);
    }

    [Fact]
    public async Task TranscribeAudio_GptTranscribe_RecordsTheTokensItReports()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("tokens") with { PromptTokens = 30, CompletionTokens = 4 });
        var audio = MediaClients.For(host, key).GetAudioClient("gpt-4o-transcribe");
        using var file = new MemoryStream(MediaClients.Wav(1));

        AudioTranscription transcription = await audio.TranscribeAudioAsync(file, "song.wav");

        Assert.Equal("tokens", transcription.Text);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((30, 4, (double?)null), (record.PromptTokens, record.CompletionTokens, record.Quantity));
    }

    [Theory]
    [InlineData("text", "text/plain", 3.0)]
    [InlineData("srt", "text/plain", 12.5)]
    [InlineData("vtt", "text/vtt", 12.5)]
    public async Task Transcriptions_EachTextFormat_IsRelayedAsItIsAndMeteredInSeconds(string format, string mediaType, double seconds)
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("hello there") with { AudioSeconds = 12.5 });
        using var http = host.CreateClient(key);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("whisper-1"), "model" },
            { new StringContent(format), "response_format" },
            { new ByteArrayContent(MediaClients.Wav(3)) { Headers = { ContentType = new MediaTypeHeaderValue("audio/wav") } }, "file", "clip.wav" },
        };

        using var response = await http.PostAsync("/v1/audio/transcriptions", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("hello there", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Plain text says nothing of the length: the uploaded WAV's header does.
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((seconds, "seconds"), (record.Quantity, record.Unit));
    }

    [Fact]
    public async Task TranslateAudio_IsRelayedToTheTranslationsRoute()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("in English") with { AudioSeconds = 4 });
        var audio = MediaClients.For(host, key).GetAudioClient("whisper-1");
        using var file = new MemoryStream(MediaClients.Wav(2));

        AudioTranslation translation = await audio.TranslateAudioAsync(file, "lied.wav");

        Assert.Equal("in English", translation.Text);
        Assert.Equal("/v1/audio/translations", host.Upstream.Requests.Single().Path);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((4.0, "seconds"), (record.Quantity, record.Unit));
    }

    [Fact]
    public async Task ClassifyText_IsRelayedAndRecordedWithoutTokens()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("hate"));
        var moderations = MediaClients.For(host, key).GetModerationClient("omni-moderation-latest");

        ModerationResult result = await moderations.ClassifyTextAsync("some text");

        Assert.True(result.Flagged);
        Assert.Equal("/v1/moderations", host.Upstream.Requests.Single().Path);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal(("omni-moderation-latest", 200, 0, false, (double?)null), (record.Model, record.Status, record.PromptTokens, record.Estimated, record.Quantity));
    }

    [Fact]
    public async Task TranscriptionUpload_OverTheAudioLimit_Gets413InOpenAIsShape()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Gateway:MaxAudioBodyBytes"] = "20000");
        var audio = MediaClients.For(host, await host.CreateKeyAsync()).GetAudioClient("whisper-1");
        using var file = new MemoryStream(MediaClients.Wav(2));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => audio.TranscribeAudioAsync(file, "long.wav"));

        Assert.Equal(413, error.Status);
        Assert.Contains("larger than the limit of 20000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task TranscriptionUpload_LargerThanAChatBody_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Gateway:MaxRequestBodyBytes"] = "10000");
        var audio = MediaClients.For(host, await host.CreateKeyAsync()).GetAudioClient("whisper-1");
        using var file = new MemoryStream(MediaClients.Wav(2));

        AudioTranscription transcription = await audio.TranscribeAudioAsync(file, "long.wav");

        Assert.Equal("Hello from the fake upstream.", transcription.Text);
    }

    [Fact]
    public async Task Moderations_ProviderWithoutTheRoute_Gets400NamingWhatItCannotDo()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Providers:primary:Capabilities:0"] = "Embeddings";
        });
        using var http = host.CreateClient(await host.CreateKeyAsync());

        using var response = await http.PostAsJsonAsync("/v1/moderations", new { input = "hello" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal(("model", "unsupported_route"), (error.Param, error.Code));
        Assert.Equal("The model 'omni-moderation-latest' is served by provider 'primary', which does not offer moderations (/v1/moderations).", error.Message);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Speech_UpstreamError_IsRelayedInOpenAIsShapeWithoutARecordedQuantity()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Fail(400, "voice 'nobody' does not exist"));
        using var http = host.CreateClient(key);

        using var response = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi", voice = "nobody" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("voice 'nobody' does not exist", (await OpenAIErrorBody.ReadAsync(response)).Message, StringComparison.Ordinal);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((400, (double?)null), (record.Status, record.Quantity));
    }
}
