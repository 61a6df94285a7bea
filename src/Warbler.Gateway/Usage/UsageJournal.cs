namespace Warbler.Gateway.Usage;

/// <summary>
/// The journal's folder for this server: numbered subfolders, each held by one running server
/// through a lock file (the kernel drops the lock when a process dies, even by SIGKILL), so that
/// several servers of one database on one machine never share files. At start a server takes the
/// first free subfolder and also takes over the files of any other free one (a server that crashed
/// and does not come back).
/// </summary>
internal sealed class UsageJournal : IDisposable
{
    private readonly FileStream _lock;

    private UsageJournal(string folder, FileStream lockFile)
    {
        Folder = folder;
        _lock = lockFile;
    }

    public string Folder { get; }

    public static UsageJournal Open(string root, ILogger logger)
    {
        Directory.CreateDirectory(root);
        var numbered = Directory.EnumerateDirectories(root)
            .Select(path => int.TryParse(Path.GetFileName(path), out var n) && n >= 0 ? n : -1)
            .Where(n => n >= 0)
            .Order()
            .ToList();
        UsageJournal? own = null;
        var free = new List<(string Folder, FileStream Lock)>();
        foreach (var n in numbered)
        {
            var folder = Path.Combine(root, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (TryLock(folder) is { } held)
            {
                if (own is null)
                {
                    own = new UsageJournal(folder, held);
                }
                else
                {
                    free.Add((folder, held));
                }
            }
        }

        for (var n = 0; own is null; n++)
        {
            if (numbered.Contains(n))
            {
                continue;
            }

            var folder = Path.Combine(root, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            if (TryLock(folder) is { } held)
            {
                own = new UsageJournal(folder, held);
            }
        }

        foreach (var (folder, held) in free)
        {
            using (held)
            {
                var files = Directory.GetFiles(folder, "*.usage");
                foreach (var file in files)
                {
                    File.Move(file, Path.Combine(own.Folder, Path.GetFileName(file)));
                }

                if (files.Length > 0)
                {
                    JournalLog.Adopted(logger, files.Length, folder);
                }
            }
        }

        return own;
    }

    private static FileStream? TryLock(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _lock.Dispose();
}
