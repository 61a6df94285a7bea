using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// A message with images, as OpenAI's content parts: its text, then each image as an
/// <c>image_url</c> part holding a data URI, which every OpenAI-compatible vision model takes and
/// the Anthropic translation turns into a base64 image block.
/// </summary>
internal static class ImageParts
{
    public static void Write(Utf8JsonWriter writer, ChatMessage message)
    {
        writer.WriteStartArray();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text.Text);
                    writer.WriteEndObject();
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    writer.WriteStartObject();
                    writer.WriteString("type", "image_url");
                    writer.WriteStartObject("image_url");
                    writer.WriteString("url", data.Uri);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndArray();
    }
}
