namespace Warbler.Chat.Files;

internal sealed class FilesOptionsValidator : IValidateOptions<FilesOptions>
{
    public const long MaxMaxFileBytes = 2L * 1024 * 1024 * 1024;
    public const int MaxMaxFilesPerMessage = 100;
    public const int MaxMaxTextCharacters = 100_000_000;

    public ValidateOptionsResult Validate(string? name, FilesOptions options)
    {
        const string section = FilesOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxFileBytes is < 1 or > MaxMaxFileBytes)
        {
            failures.Add($"{section}:MaxFileBytes must be between 1 and {MaxMaxFileBytes} (it is {options.MaxFileBytes}).");
        }

        if (options.MaxFilesPerMessage is < 1 or > MaxMaxFilesPerMessage)
        {
            failures.Add($"{section}:MaxFilesPerMessage must be between 1 and {MaxMaxFilesPerMessage} (it is {options.MaxFilesPerMessage}).");
        }

        if (options.MaxTextCharacters is < 1 or > MaxMaxTextCharacters)
        {
            failures.Add($"{section}:MaxTextCharacters must be between 1 and {MaxMaxTextCharacters} (it is {options.MaxTextCharacters}).");
        }

        if (IsStore(options, FilesOptions.S3Store))
        {
            ValidateS3(options.S3, failures);
        }
        else if (!IsStore(options, FilesOptions.LocalStore))
        {
            failures.Add($"{section}:Store must be '{FilesOptions.LocalStore}' or '{FilesOptions.S3Store}' (it is '{options.Store}').");
        }

        if (options.LocalPath is { } path && (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add($"{section}:LocalPath must be a folder path, or unset for 'files' under the data folder.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsStore(FilesOptions options, string store) =>
        string.Equals(options.Store?.Trim(), store, StringComparison.OrdinalIgnoreCase);

    private static void ValidateS3(S3StoreOptions s3, List<string> failures)
    {
        const string section = FilesOptions.SectionName + ":S3";
        if (string.IsNullOrWhiteSpace(s3.Bucket))
        {
            failures.Add($"{section}:Bucket must be set when {FilesOptions.SectionName}:Store is '{FilesOptions.S3Store}'.");
        }

        if (s3.ServiceUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            failures.Add($"{section}:ServiceUrl must be an http or https URL such as http://minio:9000, or unset for AWS S3.");
        }

        if (string.IsNullOrWhiteSpace(s3.Region))
        {
            failures.Add($"{section}:Region must be set (us-east-1 suits most S3-compatible servers).");
        }

        if (string.IsNullOrEmpty(s3.AccessKeyId) != string.IsNullOrEmpty(s3.SecretAccessKey))
        {
            failures.Add($"{section}:AccessKeyId and {section}:SecretAccessKey must be set together, or both unset for the AWS credential chain.");
        }
    }
}
