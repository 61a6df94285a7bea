using Microsoft.Extensions.AI;
using Warbler.Gateway.Accounting;

namespace Warbler.Gateway.InProcess;

internal static class InProcessServiceCollectionExtensions
{
    /// <summary>Registers the gateway's one in-process face, <see cref="IChatClient"/>, and the accounting it shares with <c>/v1</c>.</summary>
    public static IServiceCollection AddGatewayChatClient(this IServiceCollection services)
    {
        services.AddSingleton<CallAccounting>();
        services.AddSingleton<GatewayChatClient>();
        services.AddSingleton<IChatClient>(provider => provider.GetRequiredService<GatewayChatClient>());
        return services;
    }
}
