using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Warbler.Chat.Auth;

namespace Warbler.Chat.Realtime;

internal static class RealtimeServiceCollectionExtensions
{
    public const string HubPath = "/hubs/chat";

    /// <summary>
    /// Bytes a hub message may take: a sent text of <c>Chat:MaxMessageLength</c> characters, each
    /// up to 6 bytes of JSON (<c>\uXXXX</c>), and room for the rest of the invocation.
    /// </summary>
    private const int BytesPerCharacter = 6;
    private const int InvocationOverhead = 16 * 1024;

    /// <summary>The real-time hub: SignalR, the relay of the chat's events to it, and the connections by user.</summary>
    public static IServiceCollection AddChatRealtime(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddOptions<HubOptions>().Configure<IOptions<ChatOptions>>((hub, chat) =>
            hub.MaximumReceiveMessageSize = (long)chat.Value.MaxMessageLength * BytesPerCharacter + InvocationOverhead);
        services.AddSingleton<HubConnections>();
        services.AddHostedService<HubRelay>();
        return services;
    }

    /// <summary>
    /// Maps <c>/hubs/chat</c> for signed-in users. A connection is closed when its sign-in expires
    /// (an access token lasts an hour), and the client connects again with a fresh token.
    /// </summary>
    public static IEndpointRouteBuilder MapChatHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<ChatHub>(HubPath, options => options.CloseOnAuthenticationExpiration = true).RequireAuthorization(ChatPolicies.SignedIn);
        return app;
    }
}
