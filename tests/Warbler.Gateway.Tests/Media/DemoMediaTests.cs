using System.Buffers.Binary;
using System.Text.Json;
using OpenAI.Audio;
using OpenAI.Embeddings;
using OpenAI.Images;
using OpenAI.Moderations;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Media;

/// <summary>
/// With no provider configured, the demo answers embeddings, images, audio and moderations offline,
/// the same way every time, as the OpenAI .NET library's clients expect.
/// </summary>
public sealed class DemoMediaTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public async Task GenerateEmbeddings_Demo_GivesSimilarTextsCloserVectors()
    {
        var host = demo.Host;
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var client = MediaClients.For(host, key).GetEmbeddingClient("text-embedding-3-small");

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(
            ["The warbler sings in the morning.", "A warbler sang in the morning", "Quarterly tax filing deadlines"]);
        OpenAIEmbedding again = await client.GenerateEmbeddingAsync("The warbler sings in the morning.");

        var text = embeddings[0].ToFloats().Span;
        var nearCopy = embeddings[1].ToFloats().Span;
        var unrelated = embeddings[2].ToFloats().Span;
        Assert.Equal(1536, text.Length);
        Assert.Equal(1f, MathF.Sqrt(Dot(text, text)), 3);
        // The vectors are normalized, so their dot product is their cosine.
        var near = Dot(text, nearCopy);
        var far = Dot(text, unrelated);
        Assert.True(near > 0.5f && far < 0.2f, $"near-copy {near}, unrelated {far}");
        Assert.Equal(text.ToArray(), again.ToFloats().ToArray());
        Assert.Equal(6 + 6 + 4, embeddings.Usage.InputTokenCount);
        var records = await UsageRecords.WaitForKeyAsync(host, keyId, 2);
        Assert.Equal((16, 0, false, "demo"), (records[0].PromptTokens, records[0].CompletionTokens, records[0].Estimated, records[0].Provider));
    }

    [Fact]
    public async Task Embeddings_DemoAsFloatsWithDimensions_AreTheBase64VectorsDecoded()
    {
        var host = demo.Host;
        using var http = host.CreateClient(await host.CreateKeyAsync());

        using var floats = JsonDocument.Parse(await (await http.PostAsJsonAsync("/v1/embeddings", new { model = "m", input = "hello world", dimensions = 8 })).Content.ReadAsStringAsync());
        using var base64 = JsonDocument.Parse(await (await http.PostAsJsonAsync("/v1/embeddings", new { model = "m", input = "hello world", dimensions = 8, encoding_format = "base64" })).Content.ReadAsStringAsync());

        var vector = floats.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(base64.RootElement.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        Assert.Equal(8, vector.Length);
        Assert.Equal(vector, Enumerable.Range(0, 8).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray());
    }

    [Fact]
    public async Task GenerateImage_Demo_IsAValid64By64Png()
    {
        var host = demo.Host;
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var images = MediaClients.For(host, key).GetImageClient("gpt-image-1");

        GeneratedImage image = await images.GenerateImageAsync("A warbler on a branch");

        var png = image.ImageBytes.ToArray();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal((64, 64), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((5, 64), (record.PromptTokens, record.CompletionTokens));
    }

    [Fact]
    public async Task GenerateImage_DemoDallE_AnswersWithADataUrl()
    {
        var host = demo.Host;
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var images = MediaClients.For(host, key).GetImageClient("dall-e-3");

        GeneratedImage image = await images.GenerateImageAsync("A warbler on a branch");

        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", image.ImageUri.OriginalString, StringComparison.Ordinal);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((1.0, "images"), (record.Quantity, record.Unit));
    }

    [Fact]
    public async Task GenerateSpeech_Demo_IsAWavToneAsLongAsTheInput()
    {
        var host = demo.Host;
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var audio = MediaClients.For(host, key).GetAudioClient("tts-1");

        BinaryData speech = await audio.GenerateSpeechAsync(new string('a', 50), GeneratedSpeechVoice.Nova);

        var wav = speech.ToArray();
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        // 50 characters at 60 ms each: 3 s of 8 kHz 16-bit samples.
        Assert.Equal(3 * 8000 * 2, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal((50.0, "characters"), (record.Quantity, record.Unit));
    }

    [Fact]
    public async Task TranscribeAudio_Demo_AnswersTheSameTextForTheSameFileInEveryFormat()
    {
        var host = demo.Host;
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        var audio = MediaClients.For(host, key).GetAudioClient("whisper-1");
        var wav = MediaClients.Wav(2);

        AudioTranscription verbose = await audio.TranscribeAudioAsync(new MemoryStream(wav), "song.wav", new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose });
        AudioTranscription plain = await audio.TranscribeAudioAsync(new MemoryStream(wav), "song.wav", new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Text });
        using var http = host.CreateClient(key);
        using var form = new MultipartFormDataContent { { new StringContent("whisper-1"), "model" }, { new StringContent("vtt"), "response_format" }, { new ByteArrayContent(wav), "file", "song.wav" } };
        using var subtitles = await http.PostAsync("/v1/audio/transcriptions", form);

        Assert.StartsWith("[Offline demo transcription of song.wav, 32044 bytes.]", verbose.Text, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), verbose.Duration);
        Assert.Equal(verbose.Text, plain.Text.TrimEnd());
        Assert.Equal("text/vtt", subtitles.Content.Headers.ContentType?.MediaType);
        Assert.Contains("00:00:00.000 --> 00:00:02.000", await subtitles.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var records = await UsageRecords.WaitForKeyAsync(host, keyId, 3);
        Assert.All(records, r => Assert.Equal((2.0, "seconds"), (r.Quantity, r.Unit)));
    }

    [Fact]
    public async Task ClassifyText_Demo_FlagsWordsFromItsList()
    {
        var host = demo.Host;
        var moderations = MediaClients.For(host, await host.CreateKeyAsync()).GetModerationClient("omni-moderation-latest");

        ModerationResultCollection results = await moderations.ClassifyTextAsync(["I will attack you", "Hello, little warbler"]);

        Assert.True(results[0].Flagged);
        Assert.True(results[0].Violence.Flagged);
        Assert.False(results[1].Flagged);
    }

    [Fact]
    public async Task Models_Demo_ListsWhatItCanDo()
    {
        var host = demo.Host;
        using var client = host.CreateClient(await host.CreateKeyAsync(models: ["text-embedding-3-small"]));

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        var model = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(
            ["chat", "completions", "embeddings", "images", "image_edits", "speech", "transcriptions", "translations", "moderations"],
            model.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Models_ProviderWithoutStatedCapabilities_ListsOpenAIsFieldsOnly()
    {
        await using var host = await GatewayHost.StartAsync();
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        Assert.Equal(["id", "created", "owned_by", "object"], list.RootElement.GetProperty("data")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Models_ProviderWithStatedCapabilities_ListsThem()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Providers:primary:Models:0"] = "bge-m3";
            s["Providers:primary:Capabilities:0"] = "Embeddings";
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        var model = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal(["chat", "completions", "embeddings"], model.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
