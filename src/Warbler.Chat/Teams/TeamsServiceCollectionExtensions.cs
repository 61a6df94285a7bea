namespace Warbler.Chat.Teams;

internal static class TeamsServiceCollectionExtensions
{
    /// <summary>Teams, users' own keys and users' limits (enforced by the gateway's limiter).</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddScoped<UserDeletion>();
        return services;
    }
}
