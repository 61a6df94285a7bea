using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>The server's resident memory (VmRSS) and CPU time, read from /proc, when its process id is known.</summary>
internal sealed class ServerProcess(int pid)
{
    /// <summary>/proc/PID/stat counts CPU time in USER_HZ ticks, which Linux fixes at 100 a second for user space.</summary>
    private const double TicksPerSecond = 100;

    public bool Available => pid > 0 && File.Exists($"/proc/{pid}/status");

    /// <summary>VmRSS in KB, or null when the process cannot be read.</summary>
    public long? RssKb()
    {
        if (pid <= 0)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process has gone.
        }

        return null;
    }

    /// <summary>The server's threads, or null when the process cannot be read.</summary>
    public int? Threads()
    {
        try
        {
            var line = pid > 0 ? File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Threads:", StringComparison.Ordinal)) : null;
            return line is null ? null : int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The server's open file descriptors (sockets included), or null when they cannot be read.</summary>
    public int? OpenFiles()
    {
        try
        {
            return pid > 0 ? Directory.GetFiles($"/proc/{pid}/fd").Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds (user + system) the server has used, or null when the process cannot be read.</summary>
    public double? CpuSeconds()
    {
        if (pid <= 0)
        {
            return null;
        }

        try
        {
            // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Leaves the server alone for <paramref name="settle"/>, then takes three samples a second
    /// apart and returns them; their median is the figure used.
    /// </summary>
    public async Task<List<long>> SettledSamplesAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        await Task.Delay(settle, cancellationToken);
        var samples = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }

            if (RssKb() is { } kb)
            {
                samples.Add(kb);
            }
        }

        return samples;
    }

    public static long Median(List<long> samples) => samples.Count == 0 ? 0 : samples.Order().ElementAt(samples.Count / 2);
}
