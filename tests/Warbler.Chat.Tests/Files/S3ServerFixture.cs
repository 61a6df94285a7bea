using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Chat.Files;

namespace Warbler.Chat.Tests.Files;

/// <summary>
/// A local S3-compatible server for a test class: s3rver (pinned in <c>tests/s3-server/</c>), on a
/// port the system picks, with its data in a temporary folder, stopped and removed after the class.
/// Without Node.js the tests are skipped locally, saying so; in CI (<c>CI</c> set) they fail instead.
/// </summary>
public sealed partial class S3ServerFixture : IAsyncLifetime
{
    public const string Bucket = "warbler-files";

    // s3rver's built-in credentials.
    private const string AccessKey = "S3RVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _data = Directory.CreateTempSubdirectory("warbler-s3-").FullName;
    private readonly System.Text.StringBuilder _errors = new();
    private Process? _process;
    private S3BlobStore? _store;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>The store on <see cref="Bucket"/>; skips the test when the server could not be run here.</summary>
    public S3BlobStore Store
    {
        get
        {
            Skip.If(S3ServerTool.SkipReason is not null, S3ServerTool.SkipReason);
            return _store ?? throw new InvalidOperationException("The S3 server did not start.");
        }
    }

    public S3StoreOptions Options(string bucket, bool createBucket)
    {
        Skip.If(S3ServerTool.SkipReason is not null, S3ServerTool.SkipReason);
        return new S3StoreOptions
        {
            ServiceUrl = ServiceUrl,
            Bucket = bucket,
            ForcePathStyle = true,
            AccessKeyId = AccessKey,
            SecretAccessKey = AccessKey,
            CreateBucket = createBucket,
        };
    }

    public async Task InitializeAsync()
    {
        if (S3ServerTool.SkipReason is not null)
        {
            return;
        }

        await S3ServerTool.EnsurePackagesAsync();
        _process = S3ServerTool.Start(_data);
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(line.Data);
            }
        };
        _process.BeginErrorReadLine();
        ServiceUrl = await ListeningUrlAsync(_process);
        _store = new S3BlobStore(Options(Bucket, createBucket: true), NullLogger<S3BlobStore>.Instance);
    }

    public Task DisposeAsync()
    {
        _store?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    // s3rver prints "S3rver listening on 127.0.0.1:PORT" once it accepts requests, even when silent.
    private async Task<string> ListeningUrlAsync(Process process)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        var seen = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                seen.Add(line);
                if (Listening().Match(line) is { Success: true } match)
                {
                    // Its output is not read further: nothing more is printed, so the pipe never fills.
                    return $"http://{match.Groups[1].Value}";
                }
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"s3rver did not say it was listening within {StartTimeout.TotalSeconds} s:\n{string.Join('\n', seen)}");
        }

        await process.WaitForExitAsync();
        lock (_errors)
        {
            Assert.Fail($"s3rver stopped before listening:\n{string.Join('\n', seen)}\n{_errors}");
        }

        return "";
    }

    [GeneratedRegex(@"listening on (127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
