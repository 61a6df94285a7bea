using Warbler.Chat.Files;
using Warbler.Testing;
using Xunit.Abstractions;

namespace Warbler.Chat.Tests.Files;

/// <summary>How much refusing a zip bomb allocates; alone in its collection, so other tests do not add to the count.</summary>
[Collection(BlobStoreCollection.Name)]
public sealed class ZipBombMemoryTests(ITestOutputHelper output)
{
    private const long Gigabyte = 1024L * 1024 * 1024;

    [Theory]
    [InlineData(null)]
    [InlineData(4096L)]
    public async Task ReadAsync_DocxOfOneGigabyteOfZeros_RefusedAllocatingLittle(long? declaredBytes)
    {
        var bomb = ZipBomb.Docx(Gigabyte, declaredBytes);
        var reader = DocumentTextReaderTests.Reader();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        await Assert.ThrowsAsync<UnreadableFileException>(
            () => reader.ReadAsync(new ForwardOnlyStream(new MemoryStream(bomb)), new SniffedFile(FileKind.Word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), CancellationToken.None));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"Refusing a {bomb.Length / 1024} KB .docx of 1 GB of zeros (declared {declaredBytes?.ToString() ?? "truly"}) allocated {allocated / (1024.0 * 1024):F1} MB.");
        Assert.True(allocated < 16 * 1024 * 1024, $"Refusing the bomb allocated {allocated} bytes.");
    }
}
