using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Attachments;
using Warbler.Chat.Auth;
using Warbler.Chat.Bots;
using Warbler.Chat.Configuration;
using Warbler.Chat.Files;
using Warbler.Chat.Knowledge;
using Warbler.Chat.Realtime;
using Warbler.Chat.Rooms;
using Warbler.Chat.SignOn;
using Warbler.Chat.Spending;
using Warbler.Chat.Teams;
using Warbler.Chat.Tools;
using Warbler.Chat.UserQuotas;
using Warbler.Chat.Users;

namespace Warbler.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// Registers the chat: users with ASP.NET Core Identity (also as admins of the gateway's admin
    /// API), the chat's authorization policies, sign-in rate limits, rooms and messages, the real-time hub, and the
    /// roles and default bot made at start.
    /// Needs the database, the cluster and the gateway (<c>AddWarblerDatabase</c>, <c>AddWarblerCluster</c>, <c>AddWarblerGateway</c>) registered first.
    /// </summary>
    public static IHostApplicationBuilder AddWarblerChat(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();

        services.AddChatAuthentication();
        services.AddLoginRateLimiting();
        services.AddSignOn();
        services.AddAuthProblemDetails();
        services.AddChatRooms();
        services.AddChatRealtime();
        services.AddUserQuotas();
        services.AddTeams();
        services.AddWarblerFiles(builder.Configuration);
        services.AddChatAttachments();
        services.AddKnowledge();
        services.AddChatTools();
        services.AddSpending();

        // Hosted services start in order, after the database migrator registered before them.
        services.AddHostedService<RoleSeeder>();
        services.AddHostedService<DefaultBotCreator>();
        return builder;
    }

    /// <summary>
    /// The middleware the chat's endpoints need: sign-in rate limits. Call it after the server
    /// defaults, so refusals are ProblemDetails with a request id, and before authentication.
    /// </summary>
    public static WebApplication UseWarblerChat(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }
}
