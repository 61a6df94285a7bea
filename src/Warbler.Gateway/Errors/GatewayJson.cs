using System.Text.Encodings.Web;
using System.Text.Json;

namespace Warbler.Gateway.Errors;

/// <summary>JSON settings for what the gateway writes itself: readable text, as OpenAI writes it.</summary>
public static class GatewayJson
{
    /// <summary>Escapes only what JSON requires; these answers are never embedded in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
