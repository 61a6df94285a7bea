using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>A signed-up user: a REST client with their bearer token, the token itself, and their id.</summary>
public sealed class ChatMember(GatewayHost host, HttpClient http, AccessTokens tokens, Guid id) : IDisposable
{
    public HttpClient Http { get; } = http;

    public AccessTokens Tokens { get; } = tokens;

    public Guid Id { get; } = id;

    public static async Task<ChatMember> SignUpAsync(GatewayHost host, string name)
    {
        var email = ChatUsers.NewEmail(name);
        await host.RegisterAsync(email);
        var tokens = await host.LoginAsync(email);
        var http = host.CreateClient(tokens);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        return new ChatMember(host, http, tokens, me.GetProperty("id").GetGuid());
    }

    /// <summary>Opens a hub connection as this user (WebSockets, the token in the query, unless told otherwise).</summary>
    public Task<HubClient> ConnectAsync(HttpTransportType transport = HttpTransportType.WebSockets) => HubClient.ConnectAsync(host, Tokens.AccessToken, transport);

    public void Dispose() => Http.Dispose();
}
