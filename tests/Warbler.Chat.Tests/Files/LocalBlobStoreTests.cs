using Microsoft.Extensions.Time.Testing;
using Warbler.Chat.Files;
using Xunit.Abstractions;

namespace Warbler.Chat.Tests.Files;

[Collection(BlobStoreCollection.Name)]
public sealed class LocalBlobStoreTests(LocalStoreFolder folder, ITestOutputHelper output) : BlobStoreContractTests(output), IClassFixture<LocalStoreFolder>
{
    protected override IBlobStore Store => folder.Store;

    [Fact]
    public async Task PutAsync_StreamFails_NoTemporaryFileLeft()
    {
        var key = $"rooms/{Guid.NewGuid():N}/failed.bin";

        await Assert.ThrowsAnyAsync<IOException>(
            () => folder.Store.PutAsync(key, new GeneratedStream(1024 * 1024, seed: 3, failAfter: 1000), "application/octet-stream", CancellationToken.None));

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.Path, ".partial")));
        Assert.False(File.Exists(Path.Combine(folder.Path, key)));
    }

    [Fact]
    public async Task DeletePrefixAsync_Room_LeavesNoEmptyFolders()
    {
        var room = $"rooms/{Guid.NewGuid():N}";
        await folder.Store.PutAsync($"{room}/deep/er/file.txt", new MemoryStream([1]), "text/plain", CancellationToken.None);

        await folder.Store.DeletePrefixAsync(room + "/", CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(folder.Path, room)));
    }

    [Fact]
    public async Task OpenReadAsync_WhileReplaced_ReaderKeepsTheOldBytes()
    {
        var key = $"rooms/{Guid.NewGuid():N}/file.txt";
        await folder.Store.PutAsync(key, new MemoryStream("old"u8.ToArray()), "text/plain", CancellationToken.None);
        await using var reading = await folder.Store.OpenReadAsync(key, CancellationToken.None);

        await folder.Store.PutAsync(key, new MemoryStream("new"u8.ToArray()), "text/plain", CancellationToken.None);

        using var reader = new StreamReader(reading!);
        Assert.Equal("old", await reader.ReadToEndAsync());
    }

    [Fact]
    public void Constructor_TemporaryFilesOlderThanADay_RemovedAndYoungerOnesKept()
    {
        using var own = new LocalStoreFolder();
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var partial = Directory.CreateDirectory(Path.Combine(own.Path, ".partial")).FullName;
        var abandoned = Path.Combine(partial, "abandoned");
        var uploading = Path.Combine(partial, "uploading");
        File.WriteAllText(abandoned, "left by a crash");
        File.WriteAllText(uploading, "another server's upload");
        File.SetLastWriteTimeUtc(abandoned, now.UtcDateTime.AddHours(-25));
        File.SetLastWriteTimeUtc(uploading, now.UtcDateTime.AddMinutes(-5));

        _ = new LocalBlobStore(own.Path, new FakeTimeProvider(now));

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(uploading));
    }

    [Fact]
    public async Task PutAsync_Key_FileAtThatPathUnderTheRoot()
    {
        var key = $"rooms/{Guid.NewGuid():N}/photo.png";

        await folder.Store.PutAsync(key, new MemoryStream([9, 8, 7]), "image/png", CancellationToken.None);

        Assert.Equal([9, 8, 7], await File.ReadAllBytesAsync(Path.Combine(folder.Path, key)));
    }
}

/// <summary>A temporary folder with a <see cref="LocalBlobStore"/> on it, removed after the class's tests.</summary>
public sealed class LocalStoreFolder : IDisposable
{
    public LocalStoreFolder()
    {
        Path = Directory.CreateTempSubdirectory("warbler-files-").FullName;
        Store = new LocalBlobStore(Path);
    }

    public string Path { get; }

    public LocalBlobStore Store { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
