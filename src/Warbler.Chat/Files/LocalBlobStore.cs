namespace Warbler.Chat.Files;

/// <summary>
/// Blobs as files under one folder, for a single node. A blob is written to a temporary file in
/// <c>.partial</c> and renamed over its key, so a crash never leaves half a file under the real key
/// and a reader sees either the old bytes or the new ones.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private const string PartialFolder = ".partial";
    private const int BufferSize = 64 * 1024;

    // Older temporary files are left from a crash; younger ones may be another server's upload in progress.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);

    private readonly string _root;
    private readonly string _partial;

    public LocalBlobStore(string root, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        _partial = Path.Combine(_root, PartialFolder);
        RemoveAbandonedPartials((timeProvider ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>The store's folder.</summary>
    public string Root => _root;

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        Directory.CreateDirectory(_partial);
        var temporary = Path.Combine(_partial, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            MoveIntoPlace(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            // Delete sharing lets a blob be replaced or deleted while a download still reads the old bytes.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException
            || (exception is UnauthorizedAccessException && Directory.Exists(path)))
        {
            // A folder of longer keys ("rooms/4" of "rooms/4/a.png") is no blob either.
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (Directory.Exists(path))
        {
            return Task.CompletedTask;
        }

        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone with its folder.
        }

        RemoveEmptyFolders(Path.GetDirectoryName(path));
        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        BlobKey.ValidatePrefix(prefix);

        // The deepest folder every matching key lies in; within it, names are matched as strings,
        // so "rooms/4" takes "rooms/4/…" and "rooms/42/…" as an S3 prefix would.
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? _root : Path.Combine(_root, prefix[..lastSlash]);
        if (!Directory.Exists(folder))
        {
            return Task.CompletedTask;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && BlobKey.IsValid(key, allowTrailingSlash: false))
            {
                File.Delete(file);
            }
        }

        // Deepest first, so emptied parents go too; the temporary folder stays for uploads under way.
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)
            .Where(directory => !directory.StartsWith(_partial, StringComparison.Ordinal))
            .OrderByDescending(directory => directory.Length))
        {
            RemoveEmptyFolder(directory);
        }

        RemoveEmptyFolders(folder);
        return Task.CompletedTask;
    }

    private void RemoveAbandonedPartials(DateTimeOffset now)
    {
        if (!Directory.Exists(_partial))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(_partial))
        {
            if (now - File.GetLastWriteTimeUtc(file) > AbandonedAfter)
            {
                TryDelete(file);
            }
        }
    }

    private static void MoveIntoPlace(string temporary, string path)
    {
        // A delete that empties the key's folder may remove it between creating and moving: try again.
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                File.Move(temporary, path, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    private string PathOf(string key)
    {
        BlobKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));

        // The key rules already keep a path inside the root; this holds even if they change.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The blob key '{key}' leads outside the store.", nameof(key));
        }

        return path;
    }

    // Folders left empty by deletes are removed up to the root, so deleted rooms leave nothing behind.
    private void RemoveEmptyFolders(string? folder)
    {
        while (folder is not null && folder.Length > _root.Length && folder.StartsWith(_root, StringComparison.Ordinal))
        {
            if (!RemoveEmptyFolder(folder))
            {
                return;
            }

            folder = Path.GetDirectoryName(folder);
        }
    }

    private static bool RemoveEmptyFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
                return true;
            }
        }
        catch (IOException)
        {
            // Another writer put something in it meanwhile: it stays.
        }

        return false;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A temporary file that cannot go is harmless: it is never read.
        }
    }
}
