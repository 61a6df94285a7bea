using Warbler.Chat.Files;

namespace Warbler.Chat.Tests.Files;

/// <summary>Documents damaged at random places: each is read or refused as unreadable, never another exception (a 500 to the user).</summary>
public sealed class DamagedDocumentTests
{
    private const int Damages = 150;

    [Fact]
    public async Task ReadAsync_PdfsDamagedAtRandom_TextOrUnreadable()
    {
        var pdf = TestDocuments.Pdf("A page of text to damage.", "And another one.");

        await ReadAllDamagedAsync(pdf, new SniffedFile(FileKind.Pdf, "application/pdf"), seed: 19);
    }

    [Fact]
    public async Task ReadAsync_DocxDamagedAtRandom_TextOrUnreadable()
    {
        var docx = TestDocuments.Docx(("berschrift1", "Heading"), (null, "A paragraph to damage."));

        await ReadAllDamagedAsync(docx, new SniffedFile(FileKind.Word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), seed: 20);
    }

    private static async Task ReadAllDamagedAsync(byte[] original, SniffedFile file, int seed)
    {
        var random = new Random(seed);
        var reader = DocumentTextReaderTests.Reader();
        for (var damage = 0; damage < Damages; damage++)
        {
            var damaged = (byte[])original.Clone();
            var changes = random.Next(1, 8);
            for (var i = 0; i < changes; i++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            if (damage % 10 == 0)
            {
                damaged = damaged[..random.Next(1, damaged.Length)];
            }

            try
            {
                await reader.ReadAsync(new MemoryStream(damaged), file, CancellationToken.None);
            }
            catch (UnreadableFileException)
            {
                // Refused in words for people: what a damaged file should get.
            }
            catch (Exception exception)
            {
                Assert.Fail($"Damage {damage} of seed {seed} threw {exception.GetType().Name} rather than UnreadableFileException: {exception.Message}");
            }
        }
    }
}
