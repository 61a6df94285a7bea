using Microsoft.Extensions.AI;
using Warbler.Gateway.Accounting;

namespace Warbler.Gateway.InProcess;

internal static class InProcessServiceCollectionExtensions
{
    /// <summary>Registers the gateway's in-process faces, <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, and the accounting it shares with <c>/v1</c>.</summary>
    public static IServiceCollection AddGatewayChatClient(this IServiceCollection services)
    {
        services.AddSingleton<CallAccounting>();
        services.AddSingleton<GatewayChatClient>();
        services.AddSingleton<IChatClient>(provider => provider.GetRequiredService<GatewayChatClient>());
        services.AddSingleton<GatewayEmbeddingGenerator>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider => provider.GetRequiredService<GatewayEmbeddingGenerator>());
        return services;
    }
}
