using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Tests.Demo;

/// <summary>The offline demo cannot see, but says what images a chat request carries: their type, dimensions and size.</summary>
public sealed class DemoImagesTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public async Task ChatCompletions_DemoSentImageParts_NamesEachImageWithItsDimensionsAndSize()
    {
        using var client = demo.Host.CreateAdminClient();
        var png = PngHeader(640, 480, padding: 12 * 1024);
        var gif = "GIF89a"u8.ToArray().Concat(new byte[] { 0x20, 0x00, 0x10, 0x00, 0, 0, 0 }).ToArray();
        var content = new object[]
        {
            new { type = "text", text = "What are these?" },
            new { type = "image_url", image_url = new { url = "data:image/png;base64," + Convert.ToBase64String(png) } },
            new { type = "image_url", image_url = new { url = "data:image/gif;base64," + Convert.ToBase64String(gif) } },
        };

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "[Offline demo: no provider is configured.] I was sent a 640×480 PNG image, 12 KB, a 32×16 GIF image, 13 bytes. You said: \"What are these?\".",
            answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public void Describe_NotADataUri_SaysTheDemoDoesNotFetchIt() =>
        Assert.Equal("an image at a URL, which the demo does not fetch", DemoImages.Describe("https://example.com/cat.png"));

    private static byte[] PngHeader(int width, int height, int padding)
    {
        var bytes = new byte[24 + padding];
        ((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R']).CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }
}
