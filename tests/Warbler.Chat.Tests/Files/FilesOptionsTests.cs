using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Warbler.Chat.Files;

namespace Warbler.Chat.Tests.Files;

public sealed class FilesOptionsTests
{
    [Fact]
    public void AddWarblerFiles_NothingConfigured_DefaultLimitsAndALocalStoreBesideTheDatabase()
    {
        using var services = Services([]);

        var options = services.GetRequiredService<IOptions<FilesOptions>>().Value;
        var store = Assert.IsType<LocalBlobStore>(services.GetRequiredService<IBlobStore>());

        Assert.Equal((20L * 1024 * 1024, 10, 2_000_000, "local"), (options.MaxFileBytes, options.MaxFilesPerMessage, options.MaxTextCharacters, options.Store));
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "files")), store.Root);
        Assert.NotNull(services.GetRequiredService<DocumentTextReader>());
    }

    [Fact]
    public void AddWarblerFiles_SqliteFileElsewhere_FilesBesideIt()
    {
        var folder = Path.Combine(Path.GetTempPath(), "warbler-elsewhere");
        using var services = Services(new() { ["ConnectionStrings:Warbler"] = $"Data Source={Path.Combine(folder, "chat.db")}" });

        var store = Assert.IsType<LocalBlobStore>(services.GetRequiredService<IBlobStore>());

        Assert.Equal(Path.Combine(folder, "files"), store.Root);
    }

    [Fact]
    public void AddWarblerFiles_LocalPathSet_ThatFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "warbler-own-files");
        using var services = Services(new() { ["Chat:Files:LocalPath"] = folder, ["Chat:Files:Store"] = "LOCAL" });

        Assert.Equal(folder, Assert.IsType<LocalBlobStore>(services.GetRequiredService<IBlobStore>()).Root);
    }

    [Fact]
    public void AddWarblerFiles_Postgres_DataFilesUnderTheWorkingFolder()
    {
        using var services = Services(new() { ["Database:Provider"] = "Postgres", ["ConnectionStrings:Warbler"] = "Host=db;Database=warbler" });

        Assert.Equal(Path.GetFullPath(Path.Combine("data", "files")), Assert.IsType<LocalBlobStore>(services.GetRequiredService<IBlobStore>()).Root);
    }

    [Fact]
    public void AddWarblerFiles_S3Configured_S3Store()
    {
        using var services = Services(new()
        {
            ["Chat:Files:Store"] = "s3",
            ["Chat:Files:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Chat:Files:S3:Bucket"] = "warbler",
            ["Chat:Files:S3:AccessKeyId"] = "id",
            ["Chat:Files:S3:SecretAccessKey"] = "secret",
            ["Chat:Files:S3:ForcePathStyle"] = "true",
        });

        Assert.IsType<S3BlobStore>(services.GetRequiredService<IBlobStore>());
    }

    public static TheoryData<Dictionary<string, string?>, string> BadSettings => new()
    {
        { new() { ["Chat:Files:MaxFileBytes"] = "0" }, "Chat:Files:MaxFileBytes must be between 1 and 2147483648 (it is 0)." },
        { new() { ["Chat:Files:MaxFilesPerMessage"] = "101" }, "Chat:Files:MaxFilesPerMessage must be between 1 and 100 (it is 101)." },
        { new() { ["Chat:Files:MaxTextCharacters"] = "-1" }, "Chat:Files:MaxTextCharacters must be between 1 and 100000000 (it is -1)." },
        { new() { ["Chat:Files:Store"] = "ftp" }, "Chat:Files:Store must be 'local' or 's3' (it is 'ftp')." },
        { new() { ["Chat:Files:Store"] = "s3" }, "Chat:Files:S3:Bucket must be set when Chat:Files:Store is 's3'." },
        { new() { ["Chat:Files:Store"] = "s3", ["Chat:Files:S3:Bucket"] = "b", ["Chat:Files:S3:ServiceUrl"] = "minio:9000" }, "Chat:Files:S3:ServiceUrl must be an http or https URL such as http://minio:9000, or unset for AWS S3." },
        { new() { ["Chat:Files:Store"] = "s3", ["Chat:Files:S3:Bucket"] = "b", ["Chat:Files:S3:AccessKeyId"] = "id" }, "Chat:Files:S3:AccessKeyId and Chat:Files:S3:SecretAccessKey must be set together, or both unset for the AWS credential chain." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void AddWarblerFiles_BadSetting_RefusedNamingIt(Dictionary<string, string?> settings, string message)
    {
        using var services = Services(settings);

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IBlobStore>());

        Assert.Contains(message, refused.Failures);
    }

    [Fact]
    public void AddWarblerFiles_BadSecretKeySetting_SecretNotInTheMessage()
    {
        using var services = Services(new() { ["Chat:Files:Store"] = "s3", ["Chat:Files:S3:SecretAccessKey"] = "very-secret-value" });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IBlobStore>());

        Assert.DoesNotContain("very-secret-value", refused.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<Warbler.Data.DatabaseOptions>().Bind(configuration.GetSection(Warbler.Data.DatabaseOptions.SectionName));
        services.AddWarblerFiles(configuration);
        return services.BuildServiceProvider();
    }
}
