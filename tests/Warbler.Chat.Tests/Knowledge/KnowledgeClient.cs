using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Knowledge;

/// <summary>What the knowledge-base tests do as an admin would: make bases, upload documents, wait for them, attach bases to bots.</summary>
public static class KnowledgeClient
{
    public const string EmbeddingModel = "text-embedding-3-small";

    public static async Task<Guid> CreateKnowledgeBaseAsync(this HttpClient admin, string name = "Handbook", string embeddingModel = EmbeddingModel)
    {
        using var response = await admin.PostAsJsonAsync("/api/admin/knowledge-bases", new { name, description = "For tests.", embeddingModel });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a knowledge base: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Posts <paramref name="content"/> as the multipart field <c>file</c>; returns the response for the test to judge.</summary>
    public static async Task<HttpResponseMessage> PostDocumentAsync(this HttpClient client, Guid knowledgeBase, string fileName, byte[] content, string contentType = "text/markdown")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/admin/knowledge-bases/{knowledgeBase}/documents", form);
    }

    /// <summary>Uploads a text document and returns its id; it is pending until ingested.</summary>
    public static async Task<Guid> UploadAsync(this HttpClient admin, Guid knowledgeBase, string fileName, string text)
    {
        using var response = await admin.PostDocumentAsync(knowledgeBase, fileName, Encoding.UTF8.GetBytes(text));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Uploading {fileName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<List<JsonElement>> DocumentsAsync(this HttpClient admin, Guid knowledgeBase) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/knowledge-bases/{knowledgeBase}/documents")).EnumerateArray()];

    /// <summary>Polls until every document of the base is ready (failing at once if one failed), then returns them.</summary>
    public static async Task<List<JsonElement>> WaitUntilReadyAsync(this HttpClient admin, Guid knowledgeBase, string? embeddingModel = null)
    {
        List<JsonElement> documents = [];
        await Eventually.UntilAsync(
            async () =>
            {
                documents = await admin.DocumentsAsync(knowledgeBase);
                var failed = documents.FirstOrDefault(d => d.GetProperty("status").GetString() == "failed");
                Assert.True(failed.ValueKind == JsonValueKind.Undefined, $"A document failed: {failed}");
                return documents.All(d => d.GetProperty("status").GetString() == "ready"
                    && (embeddingModel is null || d.GetProperty("embeddingModel").GetString() == embeddingModel));
            },
            () => $"every document of {knowledgeBase} to be ready: {JsonSerializer.Serialize(documents.Select(d => d.GetProperty("status").GetString()))}",
            TimeSpan.FromSeconds(60));
        return documents;
    }

    public static async Task AttachAsync(this HttpClient admin, Guid botId, params Guid[] knowledgeBases)
    {
        using var response = await admin.PutAsJsonAsync($"/api/bots/{botId}/knowledge-bases", new { knowledgeBaseIds = knowledgeBases });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Attaching: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The usage records of the embedding calls made for one bot: (model, user, request id).</summary>
    public static async Task<List<(string Model, Guid? UserId, string RequestId)>> EmbeddingUsageAsync(this GatewayHost host, Guid botId) =>
        [.. (await host.Database.QueryAsync(
                """SELECT "Model", "UserId", "RequestId", "BotId" FROM usage_records ORDER BY "Id" """,
                reader => (Model: reader.GetString(0), UserId: reader.IsDBNull(1) ? (Guid?)null : reader.GetGuid(1), RequestId: reader.GetString(2), BotId: reader.IsDBNull(3) ? (Guid?)null : reader.GetGuid(3))))
            .Where(r => r.BotId == botId && r.Model.StartsWith("text-embedding", StringComparison.Ordinal))
            .Select(r => (r.Model, r.UserId, r.RequestId))];
}
