namespace Warbler.Chat.Files;

/// <summary>
/// Where file bytes live: a local folder by default, S3-compatible storage for several nodes.
/// Keys are relative paths of <c>[A-Za-z0-9/_.-]</c> (see <see cref="BlobKey"/>), such as <c>rooms/{roomId}/{fileId}</c>.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing what was there; readers never see half a blob.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>The blob's bytes, streamed; null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; no error when it is already gone.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes every blob whose key starts with <paramref name="prefix"/> (a room's files: <c>rooms/{roomId}/</c>).</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);
}
