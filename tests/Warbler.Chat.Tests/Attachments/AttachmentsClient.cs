using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Files;
using Warbler.Data;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Attachments;

/// <summary>What the tests of attachments do as a client would (upload, send with files), and what they look up on the server (rows, stored bytes).</summary>
internal static class AttachmentsClient
{
    /// <summary>Posts one file as multipart/form-data, in a part named <c>file</c>.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid roomId, string fileName, byte[] bytes, string partName = "file")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, partName, fileName);
        return await client.PostAsync($"/api/rooms/{roomId}/attachments", form);
    }

    /// <summary>Uploads a file that must be accepted, and returns the attachment.</summary>
    public static async Task<JsonElement> UploadOkAsync(this HttpClient client, Guid roomId, string fileName, byte[] bytes)
    {
        using var response = await client.UploadAsync(roomId, fileName, bytes);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Uploading {fileName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> SendWithFilesAsync(this HttpClient client, Guid roomId, string text, params Guid[] attachmentIds)
    {
        using var response = await client.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { text, clientMessageId = Guid.NewGuid().ToString("N"), attachmentIds });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Sending: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>How many attachment rows the room has.</summary>
    public static async Task<int> StoredAttachmentsAsync(this GatewayHost host, Guid roomId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        return await db.MessageAttachments.CountAsync(a => a.RoomId == roomId);
    }

    /// <summary>Whether the blob store holds an attachment's bytes.</summary>
    public static async Task<bool> IsStoredAsync(this GatewayHost host, Guid roomId, Guid attachmentId)
    {
        await using var content = await host.Services.GetRequiredService<IBlobStore>().OpenReadAsync($"rooms/{roomId:D}/{attachmentId:D}", CancellationToken.None);
        return content is not null;
    }

    /// <summary>The files the local store holds for a room (none once it is empty or gone).</summary>
    public static string[] FilesOfRoom(this GatewayHost host, Guid roomId)
    {
        var store = (LocalBlobStore)host.Services.GetRequiredService<IBlobStore>();
        var folder = Path.Combine(store.Root, "rooms", roomId.ToString("D"));
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }

    /// <summary>The content of the last user message of the last chat request the fake upstream received.</summary>
    public static JsonElement LastUserContent(this GatewayHost host)
    {
        var request = host.Upstream.Requests.Last(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user").GetProperty("content").Clone();
    }
}
