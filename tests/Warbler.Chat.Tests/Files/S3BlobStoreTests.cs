using Amazon.S3;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Chat.Files;
using Xunit.Abstractions;

namespace Warbler.Chat.Tests.Files;

/// <summary>The S3 store against a real S3-compatible server (s3rver, from <c>tests/s3-server/</c>).</summary>
[Collection(BlobStoreCollection.Name)]
public sealed class S3BlobStoreTests(S3ServerFixture server, ITestOutputHelper output) : BlobStoreContractTests(output), IClassFixture<S3ServerFixture>
{
    protected override IBlobStore Store => server.Store;

    [SkippableFact]
    public async Task PutAsync_BucketMissingAndNotToBeCreated_S3Error()
    {
        using var store = new S3BlobStore(server.Options($"missing-{Guid.NewGuid():N}"[..20], createBucket: false), NullLogger<S3BlobStore>.Instance);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.PutAsync("a/b", new MemoryStream([1]), "text/plain", CancellationToken.None));

        Assert.Equal("NoSuchBucket", error.ErrorCode);
    }

    [SkippableFact]
    public async Task PutAsync_BucketToBeCreated_CreatedOnFirstPut()
    {
        using var store = new S3BlobStore(server.Options($"made-{Guid.NewGuid():N}"[..20], createBucket: true), NullLogger<S3BlobStore>.Instance);

        await store.PutAsync("rooms/1/a.txt", new MemoryStream("made"u8.ToArray()), "text/plain", CancellationToken.None);

        await using var stored = await store.OpenReadAsync("rooms/1/a.txt", CancellationToken.None);
        Assert.Equal("made", await new StreamReader(stored!).ReadToEndAsync());
    }

    [SkippableFact]
    public async Task DeletePrefixAsync_MoreThanOnePageOfKeys_AllDeleted()
    {
        var prefix = $"rooms/{Guid.NewGuid():N}/";
        using var store = new S3BlobStore(S3BlobStore.CreateClient(server.Options(S3ServerFixture.Bucket, createBucket: false)), S3ServerFixture.Bucket, createBucket: false, NullLogger<S3BlobStore>.Instance)
        {
            DeleteBatch = 4,
        };
        for (var i = 0; i < 10; i++)
        {
            await store.PutAsync($"{prefix}{i}", new MemoryStream([1]), "text/plain", CancellationToken.None);
        }

        await store.DeletePrefixAsync(prefix, CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            Assert.Null(await store.OpenReadAsync($"{prefix}{i}", CancellationToken.None));
        }
    }
}
