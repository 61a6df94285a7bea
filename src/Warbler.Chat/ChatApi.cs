using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Attachments;
using Warbler.Chat.Auth;
using Warbler.Chat.Bots;
using Warbler.Chat.Conversations;
using Warbler.Chat.Knowledge;
using Warbler.Chat.Realtime;
using Warbler.Chat.Rooms;
using Warbler.Chat.SignOn;
using Warbler.Chat.Spending;
using Warbler.Chat.Teams;
using Warbler.Chat.Tools;
using Warbler.Chat.Users;

namespace Warbler.Chat;

/// <summary>The chat API: sign-in (<c>/api/auth</c>) and the session it opens (<c>/api/auth/session</c>), the signed-in user (<c>/api/me</c>), user management with the admin key, bots, rooms and their messages, the one-call <c>/chat</c>, and the real-time hub <c>/hubs/chat</c>.</summary>
public static class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app) => app
        .MapAuthApi(identity => identity.AddEndpointFilter<IEndpointConventionBuilder, PasswordRules>())
        .MapSignOnApi()
        .MapSessionApi()
        .MapMeApi()
        .MapUsersApi()
        .MapAdminUsersApi()
        .MapBotsApi()
        .MapToolsApi()
        .MapRoomsApi()
        .MapMessagesApi()
        .MapAttachmentsApi()
        .MapConversationApi()
        .MapKnowledgeApi()
        .MapSpendingApi()
        .MapTeamsEndpoints()
        .MapChatHub();
}
