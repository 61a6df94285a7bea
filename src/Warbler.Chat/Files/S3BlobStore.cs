using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Warbler.Chat.Files;

/// <summary>
/// Blobs in an S3-compatible bucket (AWS S3, MinIO, …), for several nodes sharing files. A blob is
/// uploaded in one request when its stream can seek and is small, else in parts of
/// <see cref="PartBytes"/>, so memory holds at most one part whatever the file's size; S3 makes an
/// object visible only once its upload completes, so readers never see half of one.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    /// <summary>The size of an uploaded part (S3 wants at least 5 MB for all but the last).</summary>
    public const int PartBytes = 8 * 1024 * 1024;

    // A seekable stream up to this size goes in one request, read straight from the stream.
    private const long SingleRequestBytes = 64L * 1024 * 1024;

    // S3's limit for one DeleteObjects request.
    private const int MaxDeleteBatch = 1000;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly bool _createBucket;
    private readonly ILogger<S3BlobStore> _logger;
    private readonly SemaphoreSlim _bucketCheck = new(1, 1);
    private volatile bool _bucketReady;

    public S3BlobStore(S3StoreOptions options, ILogger<S3BlobStore> logger)
        : this(CreateClient(options), options.Bucket!, options.CreateBucket, logger)
    {
    }

    internal S3BlobStore(IAmazonS3 client, string bucket, bool createBucket, ILogger<S3BlobStore> logger)
    {
        _client = client;
        _bucket = bucket;
        _createBucket = createBucket;
        _bucketReady = !createBucket;
        _logger = logger;
    }

    /// <summary>Keys listed and deleted per request by <see cref="DeletePrefixAsync"/>; smaller in tests, to cross pages.</summary>
    internal int DeleteBatch { get; init; } = MaxDeleteBatch;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        await EnsureBucketAsync(cancellationToken);
        if (content.CanSeek && content.Length - content.Position <= SingleRequestBytes)
        {
            await PutObjectAsync(key, content, contentType, cancellationToken);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(PartBytes);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            if (filled < PartBytes)
            {
                using var whole = new MemoryStream(buffer, 0, filled, writable: false);
                await PutObjectAsync(key, whole, contentType, cancellationToken);
                return;
            }

            await PutInPartsAsync(key, content, contentType, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);
        try
        {
            var response = await _client.GetObjectAsync(_bucket, key, cancellationToken);
            return new S3ObjectStream(response);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key);

        // S3 answers a delete of a missing key with success.
        await _client.DeleteObjectAsync(_bucket, key, cancellationToken);
    }

    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = DeleteBatch };
        ListObjectsV2Response page;
        do
        {
            page = await _client.ListObjectsV2Async(request, cancellationToken);
            var keys = page.S3Objects?.Select(item => item.Key).ToList() ?? [];
            if (keys.Count > 0)
            {
                await DeleteKeysAsync(keys, cancellationToken);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true && !string.IsNullOrEmpty(page.NextContinuationToken));
    }

    public void Dispose()
    {
        _client.Dispose();
        _bucketCheck.Dispose();
    }

    internal static IAmazonS3 CreateClient(S3StoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // Checksums only where S3 requires them: many S3-compatible servers reject the newer trailing ones.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey), config);
    }

    private async Task PutObjectAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        await _client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = content,
                ContentType = contentType,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                UseChunkEncoding = false,
            },
            cancellationToken);
    }

    private async Task PutInPartsAsync(string key, Stream content, string contentType, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var upload = await _client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = contentType }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                using (var part = new MemoryStream(buffer, 0, filled, writable: false))
                {
                    var response = await _client.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = _bucket,
                            Key = key,
                            UploadId = upload.UploadId,
                            PartNumber = parts.Count + 1,
                            InputStream = part,
                            PartSize = filled,
                            UseChunkEncoding = false,
                        },
                        cancellationToken);
                    parts.Add(new PartETag(parts.Count + 1, response.ETag));
                }

                filled = await FillAsync(content, buffer, cancellationToken);
            }

            await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = upload.UploadId, PartETags = parts },
                cancellationToken);
        }
        catch
        {
            await AbortAsync(key, upload.UploadId);
            throw;
        }
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled upload must still let go of its parts.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, deadline.Token);
        }
        catch (Exception exception) when (exception is AmazonServiceException or OperationCanceledException or HttpRequestException)
        {
            FilesLog.UploadNotAborted(_logger, _bucket, exception);
        }
    }

    private async Task DeleteKeysAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var response = await _client.DeleteObjectsAsync(
            new DeleteObjectsRequest { BucketName = _bucket, Objects = keys.Select(key => new KeyVersion { Key = key }).ToList(), Quiet = true },
            cancellationToken);
        if (response.DeleteErrors is { Count: > 0 } errors)
        {
            throw new IOException($"S3 did not delete {errors.Count} of {keys.Count} objects in bucket '{_bucket}': {errors[0].Code} {errors[0].Message}");
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }

        await _bucketCheck.WaitAsync(cancellationToken);
        try
        {
            if (_bucketReady)
            {
                return;
            }

            try
            {
                await _client.PutBucketAsync(new PutBucketRequest { BucketName = _bucket }, cancellationToken);
                FilesLog.BucketCreated(_logger, _bucket);
            }
            catch (AmazonS3Exception exception) when (exception.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
            {
                // Made by another node, or before this start.
            }

            _bucketReady = true;
        }
        finally
        {
            _bucketCheck.Release();
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < PartBytes)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, PartBytes - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
