using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Data.Responses;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>
/// A stored response's items in the shapes OpenAI gives back: input messages as typed items with
/// content parts (a request may send <c>{"role","content":"text"}</c>), output items as returned.
/// Read when asked for, so storing costs nothing but the write.
/// </summary>
internal static class StoredItems
{
    /// <summary>
    /// The request's input items. With <paramref name="withIds"/>, an item the client sent without an
    /// id gets one made from the response's id and its place, the same at every read, so pages can
    /// continue <c>after</c> it.
    /// </summary>
    public static List<JsonObject> Input(StoredResponse response, bool withIds)
    {
        var items = new List<JsonObject>();
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(response.InputJson);
        }
        catch (JsonException)
        {
            return items;
        }

        var index = 0;
        foreach (var node in input is JsonArray array ? [.. array] : new[] { input })
        {
            var item = node switch
            {
                JsonObject given => Message(given),
                JsonValue value when value.GetValueKind() == JsonValueKind.String => Message(new JsonObject { ["role"] = "user", ["content"] = value.GetValue<string>() }),
                _ => null,
            };
            if (item is null)
            {
                continue;
            }

            if (withIds && item["id"] is null)
            {
                var type = item["type"]?.GetValueKind() == JsonValueKind.String ? item["type"]!.GetValue<string>() : "item";
                var withId = new JsonObject { ["id"] = ItemId(response.Id, index, type) };
                foreach (var (name, property) in item)
                {
                    withId[name] = property?.DeepClone();
                }

                item = withId;
            }

            items.Add(item);
            index++;
        }

        return items;
    }

    /// <summary>The response's <c>output</c> items, as it returned them.</summary>
    public static List<JsonElement> Output(StoredResponse response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.ResponseJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("output", out var output)
                && output.ValueKind == JsonValueKind.Array
                ? [.. output.EnumerateArray().Select(item => item.Clone())]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>An input message as OpenAI lists it: <c>type</c> message, content as typed parts.</summary>
    private static JsonObject Message(JsonObject given)
    {
        var item = (JsonObject)given.DeepClone();
        var type = item["type"];
        if (type is null && item["role"] is not null)
        {
            item["type"] = "message";
        }
        else if (type?.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "message")
        {
            return item;
        }

        if (item["content"] is JsonValue content && content.GetValueKind() == JsonValueKind.String)
        {
            var role = item["role"]?.GetValueKind() == JsonValueKind.String ? item["role"]!.GetValue<string>() : "user";
            item["content"] = new JsonArray(new JsonObject
            {
                ["type"] = role == "assistant" ? "output_text" : "input_text",
                ["text"] = content.GetValue<string>(),
            });
        }

        return item;
    }

    private static string ItemId(string responseId, int index, string type)
    {
        var prefix = type switch
        {
            "message" => "msg",
            "function_call" => "fc",
            "function_call_output" => "fco",
            _ => "item",
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{responseId}:{index}"));
        return $"{prefix}_{Convert.ToHexStringLower(hash)[..48]}";
    }
}
