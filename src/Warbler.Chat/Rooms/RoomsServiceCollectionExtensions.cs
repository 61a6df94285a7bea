using Warbler.Chat.Events;
using Warbler.Chat.Replies;

namespace Warbler.Chat.Rooms;

internal static class RoomsServiceCollectionExtensions
{
    /// <summary>Rooms, messages and bot replies: live events by room, the stores, the reply coordinator and what writes replies.</summary>
    public static IServiceCollection AddChatRooms(this IServiceCollection services)
    {
        services.AddSingleton<ChatEvents>();
        services.AddSingleton<ReplyCoordinator>();
        services.AddSingleton<ContextBuilder>();
        services.AddScoped<ReplyWriter>();
        services.AddScoped<ReplyModel>();
        services.AddScoped<MessageStore>();
        services.AddScoped<RoomStore>();
        services.AddHostedService<UnfinishedReplies>();
        services.AddHostedService<SendPathWarmUp>();
        return services;
    }
}
