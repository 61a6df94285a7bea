using Microsoft.AspNetCore.Routing;

namespace Warbler.Chat.Tools;

internal static class ToolsServiceCollectionExtensions
{
    /// <summary>Bots' tools over MCP: the <c>Chat:Tools</c> limits (validated at start), the sessions with MCP servers, and each reply's tools.</summary>
    public static IServiceCollection AddChatTools(this IServiceCollection services)
    {
        services.AddOptions<ToolsOptions>().BindConfiguration(ToolsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ToolsOptions>, ToolsOptionsValidator>();
        services.AddSingleton<McpSecretProtector>();
        services.AddSingleton<McpConnector>();
        services.AddScoped<ReplyTools>();
        return services;
    }

    /// <summary><c>/api/admin/mcp-servers</c> and <c>/api/bots/{id}/tools</c>.</summary>
    public static IEndpointRouteBuilder MapToolsApi(this IEndpointRouteBuilder app) => app.MapMcpServersApi().MapBotToolsApi();
}
