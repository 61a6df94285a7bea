using System.Text;
using System.Text.Json;
using Warbler.Data.Responses;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Responses.Storage;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Saves one finished response for the key that asked for it: the object the client receives
/// (translated, a native upstream's whole answer, or the one in its stream's last event) with the
/// request's own input and instructions. Responses still in progress are not kept.
/// </summary>
internal sealed class ResponseKeeper(IResponseStore store, StoredRequest request, CancellationToken cancellationToken) : IAnswerKeeper
{
    private static readonly string[] FinalEvents = ["response.completed", "response.incomplete", "response.failed"];

    private bool _kept;

    public Task Saving { get; private set; } = Task.CompletedTask;

    /// <summary>Saves the response object <paramref name="json"/>, exactly as the client gets it.</summary>
    public void Keep(ReadOnlyMemory<byte> json) => Keep(json.Span);

    public void Whole(ReadOnlySpan<byte> json) => Keep(json);

    public void Event(ReadOnlySpan<byte> json)
    {
        // Most events are deltas: only a final one is parsed.
        if (_kept || !MayBeFinal(json))
        {
            return;
        }

        using var document = TryParse(json);
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && FinalEvents.Contains(type.GetString())
            && root.TryGetProperty("response", out var response))
        {
            Keep(response, response.GetRawText());
        }
    }

    private static bool MayBeFinal(ReadOnlySpan<byte> json) =>
        json.IndexOf("\"response.completed\""u8) >= 0 || json.IndexOf("\"response.incomplete\""u8) >= 0 || json.IndexOf("\"response.failed\""u8) >= 0;

    private void Keep(ReadOnlySpan<byte> json)
    {
        if (_kept)
        {
            return;
        }

        using var document = TryParse(json);
        if (document is not null)
        {
            Keep(document.RootElement, Encoding.UTF8.GetString(json));
        }
    }

    /// <summary>Saves <paramref name="response"/>, whose text as the client got it is <paramref name="text"/>, once it is finished.</summary>
    private void Keep(JsonElement response, string text)
    {
        if (_kept || response.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var id = response.TryGetProperty("id", out var given) && given.ValueKind == JsonValueKind.String ? given.GetString() : null;
        var status = response.TryGetProperty("status", out var state) && state.ValueKind == JsonValueKind.String ? state.GetString() : null;
        if (id is null || status is null or "in_progress" or "queued")
        {
            return;
        }

        _kept = true;
        Saving = store.SaveAsync(
            new StoredResponse
            {
                Id = id,
                KeyId = request.KeyId,
                Model = request.Model,
                Status = status,
                PreviousResponseId = request.PreviousResponseId,
                InputJson = request.InputJson,
                InstructionsJson = request.InstructionsJson,
                ResponseJson = text,
            },
            cancellationToken);
    }

    /// <summary>The JSON in <paramref name="json"/>, read once without copying it; null when it is not JSON Warbler can read.</summary>
    private static JsonDocument? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                // Something after the value: not one JSON document.
                document.Dispose();
                return null;
            }

            return document;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
