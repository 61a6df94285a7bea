using System.Security.Cryptography;
using System.Text;
using Warbler.Chat.Files;
using Warbler.Testing;
using Xunit.Abstractions;

namespace Warbler.Chat.Tests.Files;

/// <summary>What every <see cref="IBlobStore"/> must do, run against each implementation by a subclass.</summary>
public abstract class BlobStoreContractTests(ITestOutputHelper output)
{
    private const long LargeBytes = 40L * 1024 * 1024;

    // Keys of one test never meet another's, so a class may share one store.
    private readonly string _prefix = $"tests/{Guid.NewGuid():N}/";

    /// <summary>The store under test; skips the test when what it needs is missing.</summary>
    protected abstract IBlobStore Store { get; }

    public static TheoryData<string> HostileKeys => new()
    {
        "../outside", "rooms/../../outside", "rooms/..", "/etc/passwd", "rooms\\1\\file", "C:/file", "rooms//file", "rooms/./file",
        ".hidden", "rooms/.partial/x", "rooms/file/", "", "rooms/fïle", "rooms/file name", "rooms/file\n", "rooms/%2e%2e", new string('a', 513),
    };

    [SkippableFact]
    public async Task OpenReadAsync_AfterPut_SameBytes()
    {
        var key = _prefix + "note.txt";
        await Store.PutAsync(key, new MemoryStream("hello"u8.ToArray()), "text/plain", CancellationToken.None);

        Assert.Equal("hello", await ReadTextAsync(key));
    }

    [SkippableFact]
    public async Task PutAsync_ExistingKey_Replaced()
    {
        var key = _prefix + "note.txt";
        await Store.PutAsync(key, new MemoryStream("first"u8.ToArray()), "text/plain", CancellationToken.None);

        await Store.PutAsync(key, new ForwardOnlyStream(new MemoryStream("second"u8.ToArray())), "text/plain", CancellationToken.None);

        Assert.Equal("second", await ReadTextAsync(key));
    }

    [SkippableFact]
    public async Task PutAsync_EmptyContent_EmptyBlob()
    {
        var key = _prefix + "empty";
        await Store.PutAsync(key, new ForwardOnlyStream(new MemoryStream()), "application/octet-stream", CancellationToken.None);

        Assert.Equal(string.Empty, await ReadTextAsync(key));
    }

    [SkippableFact]
    public async Task OpenReadAsync_MissingKey_Null()
    {
        Assert.Null(await Store.OpenReadAsync(_prefix + "never-written", CancellationToken.None));
    }

    [SkippableFact]
    public async Task OpenReadAsync_KeyThatOnlyStartsLongerKeys_NullAndDeleteLeavesThem()
    {
        var longer = _prefix + "rooms/4/a.png";
        await Store.PutAsync(longer, new MemoryStream([1]), "image/png", CancellationToken.None);

        Assert.Null(await Store.OpenReadAsync(_prefix + "rooms/4", CancellationToken.None));
        await Store.DeleteAsync(_prefix + "rooms/4", CancellationToken.None);

        await using var stored = await Store.OpenReadAsync(longer, CancellationToken.None);
        Assert.NotNull(stored);
    }

    [SkippableFact]
    public async Task DeleteAsync_ExistingThenAgain_GoneAndNoError()
    {
        var key = _prefix + "a/b/c.bin";
        await Store.PutAsync(key, new MemoryStream([1, 2, 3]), "application/octet-stream", CancellationToken.None);

        await Store.DeleteAsync(key, CancellationToken.None);
        await Store.DeleteAsync(key, CancellationToken.None);

        Assert.Null(await Store.OpenReadAsync(key, CancellationToken.None));
    }

    [SkippableFact]
    public async Task DeletePrefixAsync_RoomFolder_DeletesThatRoomsBlobsOnly()
    {
        string[] room = [$"{_prefix}rooms/4/a.png", $"{_prefix}rooms/4/nested/b.txt"];
        string[] others = [$"{_prefix}rooms/42/c.txt", $"{_prefix}rooms/4.txt", $"{_prefix}rooms/5/d.txt"];
        foreach (var key in room.Concat(others))
        {
            await Store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)), "text/plain", CancellationToken.None);
        }

        await Store.DeletePrefixAsync($"{_prefix}rooms/4/", CancellationToken.None);

        foreach (var key in room)
        {
            Assert.Null(await Store.OpenReadAsync(key, CancellationToken.None));
        }

        foreach (var key in others)
        {
            Assert.Equal(key, await ReadTextAsync(key));
        }
    }

    [SkippableFact]
    public async Task DeletePrefixAsync_NothingUnderIt_NoError()
    {
        await Store.DeletePrefixAsync(_prefix + "rooms/none/", CancellationToken.None);
    }

    [SkippableFact]
    public async Task PutAsync_StreamFailsHalfWay_NothingHalfWrittenUnderTheKey()
    {
        var key = _prefix + "upload.bin";
        await Store.PutAsync(key, new MemoryStream("old"u8.ToArray()), "application/octet-stream", CancellationToken.None);

        await Assert.ThrowsAnyAsync<IOException>(
            () => Store.PutAsync(key, new GeneratedStream(LargeBytes, seed: 1, failAfter: 12L * 1024 * 1024), "application/octet-stream", CancellationToken.None));

        Assert.Equal("old", await ReadTextAsync(key));
    }

    [SkippableFact]
    public async Task PutAsync_LargeStreamThatCannotSeek_StreamedNotHeldWhole()
    {
        var key = _prefix + "large.bin";
        var store = Store;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        await store.PutAsync(key, new GeneratedStream(LargeBytes, seed: 7), "application/octet-stream", CancellationToken.None);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"{GetType().Name}: putting {LargeBytes / (1024 * 1024)} MB allocated {allocated / (1024.0 * 1024):F1} MB.");
        Assert.True(allocated < LargeBytes / 2, $"Putting {LargeBytes} bytes allocated {allocated} bytes: the upload was buffered.");

        await using var stored = await store.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(await HashAsync(new GeneratedStream(LargeBytes, seed: 7)), await HashAsync(stored));
    }

    [SkippableTheory]
    [MemberData(nameof(HostileKeys))]
    public async Task EveryOperation_HostileKey_ArgumentException(string key)
    {
        var store = Store;

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), "application/octet-stream", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key, CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("../")]
    [InlineData("rooms/../")]
    [InlineData("rooms//")]
    public async Task DeletePrefixAsync_HostilePrefix_ArgumentException(string prefix)
    {
        var store = Store;

        await Assert.ThrowsAsync<ArgumentException>(() => store.DeletePrefixAsync(prefix, CancellationToken.None));
    }

    private async Task<string> ReadTextAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static async Task<string> HashAsync(Stream stream) =>
        Convert.ToHexString(await SHA256.HashDataAsync(stream));
}
