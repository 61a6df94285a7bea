using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Warbler.Testing;

/// <summary>
/// A redis-server of the test's own on a free loopback port (Debian's package), or the one named
/// by <c>WARBLER_TEST_REDIS</c> (host:port). Tests give each run its own key prefix, so several can share one.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string ExternalVariable = "WARBLER_TEST_REDIS";

    private readonly string _folder;
    private Process? _process;

    private RedisServer(string endPoint, string folder)
    {
        EndPoint = endPoint;
        _folder = folder;
    }

    /// <summary><c>host:port</c>, which is also a StackExchange.Redis configuration string.</summary>
    public string EndPoint { get; }

    public static string? Executable =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    private static string? External => Environment.GetEnvironmentVariable(ExternalVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Why tests that need Redis cannot run here; null when they can, and always in CI, where a missing Redis fails.</summary>
    public static string? SkipReason(bool ownServer = false) =>
        Executable is not null || (!ownServer && External is not null) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"Redis is not installed (no redis-server on PATH{(ownServer ? "" : $" and {ExternalVariable} unset")}): install Debian's package (apt-get install redis-server) to run the scale-out tests.";

    /// <summary>The server of <c>WARBLER_TEST_REDIS</c> if set (unless <paramref name="ownServer"/>, for tests that stop it), else a new redis-server.</summary>
    public static async Task<RedisServer> StartAsync(bool ownServer = false)
    {
        if (!ownServer && External is { } external)
        {
            return new RedisServer(external, folder: "");
        }

        Assert.True(Executable is not null, "redis-server is not on PATH: install Debian's package redis-server.");
        var folder = Path.Combine(Path.GetTempPath(), "warbler-tests", "redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        // redis-server cannot be told to take any free port and say which, so the port is one the system
        // just gave out; another program may take it before redis-server binds it, and then another is tried.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer($"127.0.0.1:{FreePort()}", folder);
            if (await server.StartProcessAsync(failIfExited: attempt == 5))
            {
                return server;
            }
        }
    }

    /// <summary>Stops the server as a crash would (SIGKILL): connections drop at once.</summary>
    public async Task StopAsync()
    {
        Assert.True(_process is not null, "Only a redis-server the test started can be stopped.");
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the stopped server again on the same port, empty.</summary>
    public Task RestartAsync() => StartProcessAsync(failIfExited: true);

    /// <returns>False if redis-server exited before answering (its port was taken) and <paramref name="failIfExited"/> is false.</returns>
    private async Task<bool> StartProcessAsync(bool failIfExited)
    {
        var port = EndPoint[(EndPoint.LastIndexOf(':') + 1)..];
        var start = new ProcessStartInfo(Executable!)
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Generous: a loaded machine may take seconds to start a process.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Answered, and by this process: had another server taken the port, this one would have exited.
        while (!await AnswersPingAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)) || _process.HasExited)
        {
            if (_process.HasExited && !failIfExited)
            {
                _process.Dispose();
                _process = null;
                return false;
            }

            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"redis-server did not start on port {port}.");
            await Task.Delay(50);
        }

        return true;
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await StopAsync();
        }

        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
