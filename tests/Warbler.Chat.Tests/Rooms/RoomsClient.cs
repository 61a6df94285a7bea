using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>What the tests of rooms do as a client would: make bots and rooms, send, and wait for replies.</summary>
public static class RoomsClient
{
    /// <summary>Has the admin key create a bot on <paramref name="model"/> and returns its id.</summary>
    public static async Task<Guid> CreateBotAsync(this GatewayHost host, string handle, string model = "gpt-4o-mini", string systemPrompt = "You are a test bot.", int contextBudget = 8000, object? extra = null)
    {
        using var admin = host.CreateAdminClient();
        var body = extra is null ? [] : JsonSerializer.SerializeToNode(extra)!.AsObject();
        body["name"] = handle;
        body["handle"] = handle;
        body["model"] = model;
        body["systemPrompt"] = systemPrompt;
        body["contextBudget"] = contextBudget;
        using var response = await admin.PostAsJsonAsync("/api/bots", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating bot {handle}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The signed-in user's id, from <c>GET /api/me</c>.</summary>
    public static async Task<Guid> MyIdAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();

    public static string NewHandle() => "bot-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Creates a room and returns its id.</summary>
    public static async Task<Guid> CreateRoomAsync(this HttpClient client, string kind, Guid[]? members = null, string[]? bots = null, string? title = null)
    {
        using var response = await client.PostAsJsonAsync("/api/rooms", new { kind, title, members, bots });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a room: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> SendAsync(this HttpClient client, Guid roomId, string text, string? clientMessageId = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { text, clientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N") });
        Assert.True(response.IsSuccessStatusCode, $"Sending: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<List<JsonElement>> MessagesAsync(this HttpClient client, Guid roomId, string query = "")
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}/messages{query}");
        return [.. page.GetProperty("messages").EnumerateArray()];
    }

    /// <summary>Polls the room until no bot reply is still being written, then returns its messages.</summary>
    public static async Task<List<JsonElement>> WaitForRepliesAsync(this HttpClient client, Guid roomId, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var messages = await client.MessagesAsync(roomId);
            var replies = messages.Where(m => m.GetProperty("sender").GetProperty("type").GetString() == "bot").ToList();
            if (replies.Count >= atLeast && replies.All(r => r.GetProperty("status").GetString() != "streaming"))
            {
                return messages;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No finished reply in room {roomId}: {JsonSerializer.Serialize(messages)}");
            await Task.Delay(20);
        }
    }

    /// <summary>Server-sent events as (event name, JSON data) pairs.</summary>
    public static List<(string Event, JsonElement Data)> ParseEvents(string body)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
            }

            Assert.True(name is not null && data is not null, $"An event without a name or data: {block}");
            events.Add((name, JsonDocument.Parse(data).RootElement.Clone()));
        }

        return events;
    }

    /// <summary>The messages the fake upstream received in its last chat request: (role, content).</summary>
    public static List<(string Role, string Content)> LastPrompt(this GatewayHost host)
    {
        var request = host.Upstream.Requests.Last(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(request.Body);
        return [.. body.RootElement.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))];
    }
}
