namespace Warbler.Chat.Files;

/// <summary>A seekable view of a document for the readers that need one, spooled to a temporary file rather than memory.</summary>
internal static class SeekableCopy
{
    /// <summary>The stream itself when it can seek; otherwise a copy in a temporary file deleted on close. Refuses more than <paramref name="maxBytes"/>.</summary>
    public static async Task<Stream> OfAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        // A stream already part-read is copied too, so readers may seek to 0 and find the document's start.
        if (content.CanSeek && content.Position == 0)
        {
            if (content.Length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            return new NonClosingStream(content);
        }

        var path = Path.Combine(Path.GetTempPath(), "warbler-" + Guid.NewGuid().ToString("N"));
        var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    private static UnreadableFileException TooLarge(long maxBytes) =>
        new($"The file is larger than the limit of {maxBytes} bytes.");

    /// <summary>Leaves the caller's stream open when the reader disposes its view.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
