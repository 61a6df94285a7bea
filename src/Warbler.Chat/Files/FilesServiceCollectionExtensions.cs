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
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Warbler.Chat.Files");
        if (FilesOptionsValidator.IsStore(options, FilesOptions.S3Store))
        {
            var s3 = options.S3;
            FilesLog.StoreChosen(logger, $"in the S3 bucket '{s3.Bucket}' at {(string.IsNullOrWhiteSpace(s3.ServiceUrl) ? $"AWS S3 ({s3.Region})" : WithoutUserInfo(s3.ServiceUrl))}");
            return new S3BlobStore(s3, services.GetRequiredService<ILogger<S3BlobStore>>());
        }

        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var store = new LocalBlobStore(FilesLocation.LocalRoot(options, database, services.GetRequiredService<IConfiguration>()), services.GetService<TimeProvider>());
        FilesLog.StoreChosen(logger, $"in the folder {store.Root}");
        return store;
    }

    // A URL may carry a user name and password; the log gets neither.
    private static string WithoutUserInfo(string url) =>
        new Uri(url).GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
