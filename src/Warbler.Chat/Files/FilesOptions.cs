namespace Warbler.Chat.Files;

/// <summary>The <c>Chat:Files</c> configuration section: limits on files, and where their bytes are stored.</summary>
public sealed class FilesOptions
{
    public const string SectionName = "Chat:Files";

    public const string LocalStore = "local";
    public const string S3Store = "s3";

    /// <summary>Larger files are refused.</summary>
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>More files on one message are refused.</summary>
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>Text read from one document stops here, and says it did (<see cref="ExtractedText.Truncated"/>).</summary>
    public int MaxTextCharacters { get; set; } = 2_000_000;

    /// <summary><c>local</c> (a folder, for one node) or <c>s3</c> (S3-compatible storage, for several).</summary>
    public string Store { get; set; } = LocalStore;

    /// <summary>
    /// The local store's folder. Unset: <c>files</c> beside the SQLite database (<c>data/files</c> by
    /// default), or <c>data/files</c> under the working folder for PostgreSQL or a database in memory.
    /// </summary>
    public string? LocalPath { get; set; }

    public S3StoreOptions S3 { get; set; } = new();
}

/// <summary>The <c>Chat:Files:S3</c> section: an S3-compatible bucket (AWS S3, MinIO, …).</summary>
public sealed class S3StoreOptions
{
    /// <summary>The endpoint of an S3-compatible server, e.g. <c>http://minio:9000</c>. Unset: AWS S3 in <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The region (AWS), or the one the server expects in signatures (<c>us-east-1</c> for most others).</summary>
    public string Region { get; set; } = "us-east-1";

    public string? Bucket { get; set; }

    /// <summary>Unset with <see cref="SecretAccessKey"/>: the AWS SDK's own credential chain (environment, profile, instance role).</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>Addresses the bucket in the path (<c>host/bucket/key</c>) rather than the host name; MinIO and most self-hosted servers need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Creates the bucket at start when it does not exist. Off: a missing bucket is an error.</summary>
    public bool CreateBucket { get; set; }
}
