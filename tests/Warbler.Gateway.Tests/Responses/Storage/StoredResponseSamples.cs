using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Data.Responses;
using Warbler.Gateway.Responses.Storage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses.Storage;

/// <summary>Responses as <c>/v1/responses</c> stores them, and what the tests need to look at them.</summary>
internal static class StoredResponseSamples
{
    public static string NewId() => $"resp_{Guid.NewGuid():N}{Guid.NewGuid():N}"[..55];

    /// <summary>A completed response answering <paramref name="input"/> (a JSON array or string) with <paramref name="answer"/>.</summary>
    public static StoredResponse Answer(Guid keyId, JsonNode input, string answer, string? previousResponseId = null, string? id = null)
    {
        id ??= NewId();
        var response = new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = 1_765_000_000,
            ["status"] = "completed",
            ["model"] = "gpt-4o-mini",
            ["output"] = new JsonArray(new JsonObject
            {
                ["id"] = $"msg_{id[5..]}",
                ["type"] = "message",
                ["status"] = "completed",
                ["role"] = "assistant",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = answer, ["annotations"] = new JsonArray() }),
            }),
            ["previous_response_id"] = previousResponseId,
            ["usage"] = new JsonObject { ["input_tokens"] = 11, ["output_tokens"] = 7, ["total_tokens"] = 18 },
        };
        return new StoredResponse
        {
            Id = id,
            KeyId = keyId,
            Model = "gpt-4o-mini",
            Status = "completed",
            PreviousResponseId = previousResponseId,
            InputJson = input.ToJsonString(),
            ResponseJson = response.ToJsonString(),
        };
    }

    /// <summary>The input as a client most often sends it: one user message, text only.</summary>
    public static StoredResponse Answer(Guid keyId, string question, string answer, string? previousResponseId = null) =>
        Answer(keyId, new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }), answer, previousResponseId);

    public static IResponseStore Store(this GatewayHost host) => host.Services.GetRequiredService<IResponseStore>();

    /// <summary>A new key and its id (as <c>GET /v1/usage</c> tells its caller).</summary>
    public static async Task<(string Secret, Guid Id)> NewKeyAsync(this GatewayHost host)
    {
        var secret = await host.CreateKeyAsync();
        using var client = host.CreateClient(secret);
        using var usage = JsonDocument.Parse(await client.GetStringAsync("/v1/usage"));
        return (secret, usage.RootElement.GetProperty("key").GetProperty("id").GetGuid());
    }

    /// <summary>How many rows the database holds for these ids.</summary>
    public static async Task<int> RowsAsync(this GatewayHost host, params string[] ids)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        return await db.StoredResponses.CountAsync(r => ids.Contains(r.Id));
    }

    /// <summary>Waits until the background writer has written these responses.</summary>
    public static Task WrittenAsync(this GatewayHost host, params string[] ids) =>
        Eventually.UntilAsync(async () => await host.RowsAsync(ids) == ids.Length, because: $"{ids.Length} stored responses to be written to the database");
}
