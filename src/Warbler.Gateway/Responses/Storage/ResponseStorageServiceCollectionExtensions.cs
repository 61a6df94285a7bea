namespace Warbler.Gateway.Responses.Storage;

internal static class ResponseStorageServiceCollectionExtensions
{
    /// <summary>Stored responses: the store, its background writer, and the retention sweep (section <c>Responses</c>).</summary>
    public static IServiceCollection AddResponseStorage(this IServiceCollection services)
    {
        services.AddOptions<ResponseStorageOptions>().BindConfiguration(ResponseStorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResponseStorageOptions>, ResponseStorageOptionsValidator>();
        services.AddSingleton<ResponseStore>();
        services.AddSingleton<IResponseStore>(provider => provider.GetRequiredService<ResponseStore>());
        services.AddHostedService<ResponseStoreWriter>();
        services.AddSingleton<ResponseRetentionSweep>();
        services.AddHostedService(provider => provider.GetRequiredService<ResponseRetentionSweep>());
        return services;
    }
}
