using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Conversations;
using Warbler.Chat.Events;
using Warbler.Chat.Messages;
using Warbler.Chat.Replies;

namespace Warbler.Chat.Rooms;

/// <summary>Rooms, messages and bot replies: the services, and their endpoints.</summary>
public static class RoomsServiceCollectionExtensions
{
    public static IServiceCollection AddChatRooms(this IServiceCollection services)
    {
        services.AddOptions<MessageOptions>().BindConfiguration(MessageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MessageOptions>, MessageOptionsValidator>();
        services.AddSingleton<ChatEvents>();
        services.AddSingleton<ReplyCoordinator>();
        services.AddSingleton<ContextBuilder>();
        services.AddScoped<ReplyWriter>();
        services.AddScoped<ReplyModel>();
        services.AddScoped<MessageStore>();
        services.AddHostedService<UnfinishedReplies>();
        return services;
    }

    /// <param name="api">The <c>/api</c> group, open to signed-in users only.</param>
    /// <param name="app">Where <c>/chat</c> is mapped.</param>
    /// <param name="secure">Requires a signed-in user on <c>/chat</c>, as on <paramref name="api"/>.</param>
    public static void MapChatRooms(this RouteGroupBuilder api, IEndpointRouteBuilder app, Action<RouteHandlerBuilder> secure)
    {
        api.MapRooms().MapMessages();
        app.MapConversation(secure);
    }
}
