using Warbler.Data;

namespace Warbler.Chat.Files;

public static class FilesServiceCollectionExtensions
{
    /// <summary>
    /// Registers the file layer: <see cref="FilesOptions"/> (section <c>Chat:Files</c>, checked at
    /// start), the <see cref="DocumentTextReader"/>, and the <see cref="IBlobStore"/> the options choose.
    /// </summary>
    public static IServiceCollection AddWarblerFiles(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FilesOptions>().Bind(configuration.GetSection(FilesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FilesOptions>, FilesOptionsValidator>();
        services.AddSingleton<DocumentTextReader>();
        services.AddSingleton<IBlobStore>(CreateStore);
        return services;
    }

    private static IBlobStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<FilesOptions>>().Value;
        if (FilesOptionsValidator.IsStore(options, FilesOptions.S3Store))
        {
            throw new NotSupportedException($"{FilesOptions.SectionName}:Store '{FilesOptions.S3Store}' is not available yet.");
        }

        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        return new LocalBlobStore(FilesLocation.LocalRoot(options, database, services.GetRequiredService<IConfiguration>()));
    }
}
