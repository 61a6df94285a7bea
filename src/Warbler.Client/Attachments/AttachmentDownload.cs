namespace Warbler.Client.Attachments;

/// <summary>A file being downloaded from a room: its bytes as they arrive, and what the server says of it.</summary>
public sealed class AttachmentDownload : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    internal AttachmentDownload(HttpResponseMessage response, Stream content, string mediaType, string? fileName, long? length)
    {
        _response = response;
        Content = content;
        MediaType = mediaType;
        FileName = fileName;
        Length = length;
    }

    /// <summary>The file's bytes, read as they arrive.</summary>
    public Stream Content { get; }

    /// <summary>Its media type, which the server found from its content.</summary>
    public string MediaType { get; }

    /// <summary>Its file name, as members see it.</summary>
    public string? FileName { get; }

    /// <summary>Its size in bytes, when the server said.</summary>
    public long? Length { get; }

    /// <summary>Stops the download and frees the connection.</summary>
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
