namespace Warbler.Chat.UserQuotas;

internal static class UserQuotasServiceCollectionExtensions
{
    /// <summary>The per-user limits on bot replies (<c>Chat:UserLimits</c>), and today's use loaded at start.</summary>
    public static IServiceCollection AddUserQuotas(this IServiceCollection services)
    {
        services.AddOptions<UserLimitsOptions>().BindConfiguration(UserLimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UserLimitsOptions>, UserLimitsOptionsValidator>();
        services.AddHostedService<UserSpendingLoader>();
        return services;
    }
}
