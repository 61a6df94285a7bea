using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Media;

/// <summary>The OpenAI .NET library's options for a client pointed at a test host, as its users point it at Warbler.</summary>
internal static class MediaClients
{
    public static OpenAIClient For(GatewayHost host, string key) => new(
        new ApiKeyCredential(key),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(host.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(host.CreateClient()),
        });

    /// <summary>A valid WAV file of <paramref name="seconds"/> of silence: 8 kHz, 16-bit mono.</summary>
    public static byte[] Wav(double seconds)
    {
        const int rate = 8000;
        var data = (int)(seconds * rate) * 2;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + data);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(rate);
        writer.Write(rate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(data);
        writer.Write(new byte[data]);
        writer.Flush();
        return stream.ToArray();
    }
}
