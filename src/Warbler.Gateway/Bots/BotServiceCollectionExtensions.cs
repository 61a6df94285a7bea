using Warbler.Gateway.Configuration;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Routing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Bots;

internal static class BotServiceCollectionExtensions
{
    /// <summary>Registers <see cref="BotCompletions"/> (its constructor is internal, as it takes internal parts) and the per-user limits it enforces.</summary>
    public static IServiceCollection AddBotCompletions(this IServiceCollection services)
    {
        services.AddOptions<UserLimitsOptions>().BindConfiguration(UserLimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UserLimitsOptions>, UserLimitsOptionsValidator>();
        services.AddSingleton<BotCompletionAccounting>();
        services.AddSingleton(provider => new BotCompletions(
            provider.GetRequiredService<ModelRouter>(),
            provider.GetRequiredService<UpstreamCaller>(),
            provider.GetRequiredService<IKeyLimiter>(),
            provider.GetRequiredService<UsageEstimator>(),
            provider.GetRequiredService<BotCompletionAccounting>(),
            provider.GetRequiredService<IOptions<GatewayOptions>>(),
            provider.GetRequiredService<IOptions<UserLimitsOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<UserSpendingLoader>();
        return services;
    }
}
