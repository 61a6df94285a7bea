using Microsoft.AspNetCore.Routing;

namespace Warbler.Chat.Teams;

/// <summary>Every route of teams, their members and keys, users' own keys and users' limits.</summary>
internal static class TeamsEndpoints
{
    public static IEndpointRouteBuilder MapTeamsEndpoints(this IEndpointRouteBuilder app) => app
        .MapTeamsApi()
        .MapTeamMembersApi()
        .MapTeamKeysApi()
        .MapMyKeysApi()
        .MapUserLimitsApi()
        .MapBotTeamsApi();
}
