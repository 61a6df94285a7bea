using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;
using Warbler.Chat.Configuration;
using Warbler.Chat.Identity;
using Warbler.Chat.Replies;
using Warbler.Cluster;

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

    /// <summary>
    /// The real-time hub: SignalR, the relay of the chat's events to it, and the connections by
    /// user. With <c>Redis:Configuration</c> set, SignalR's Redis backplane carries group and user
    /// sends to the connections held by every server, and membership changes are told to them.
    /// </summary>
    public static IServiceCollection AddChatRealtime(this IServiceCollection services)
    {
        services.AddSignalR(hub => hub.AddFilter<StorageUnavailableHubFilter>());

        // The backplane uses the server's one Redis connection, whose channels carry Redis:Prefix.
        services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
            .Configure<IServiceProvider>((backplane, provider) =>
                backplane.ConnectionFactory = _ => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>()));
        // Built when the hub is mapped, before the server starts: configuration read directly, as below.
        services.AddSingleton<HubLifetimeManager<ChatHub>>(provider => Warbler.Cluster.RedisOptions.IsConfigured(provider.GetRequiredService<IConfiguration>())
            ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<ChatHub>>(provider)
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<ChatHub>>(provider));
        services.AddClusterNoticeHandler<MembersNotice, MembersNoticeHandler>(MembersNotice.Topic);
        services.AddClusterNoticeHandler<long, ReplyStopNoticeHandler>(ReplyStopNotices.Topic);

        // Read from configuration, not from the validated options: mapping the hub already builds its
        // options, before the server starts and reports a wrong setting by name.
        services.AddOptions<HubOptions>().Configure<IConfiguration>((hub, configuration) =>
            hub.MaximumReceiveMessageSize = (long)Math.Clamp(MaxMessageLength(configuration), 1, ChatOptions.MaxMaxMessageLength) * BytesPerCharacter + InvocationOverhead);
        services.AddSingleton<HubConnections>();
        services.AddHostedService<HubRelay>();
        services.AddHostedService<HubProtocolWarmUp>();
        return services;
    }

    private static int MaxMessageLength(IConfiguration configuration)
    {
        var setting = configuration[$"{ChatOptions.SectionName}:{nameof(ChatOptions.MaxMessageLength)}"];
        return int.TryParse(setting, System.Globalization.CultureInfo.InvariantCulture, out var length) ? length : new ChatOptions().MaxMessageLength;
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
