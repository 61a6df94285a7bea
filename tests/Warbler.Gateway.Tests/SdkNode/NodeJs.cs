using Warbler.Testing;

namespace Warbler.Gateway.Tests.SdkNode;

/// <summary>Node.js and the JavaScript SDKs of <c>tests/sdk-node/</c> (see <see cref="NodePackages"/>).</summary>
internal static class NodeJs
{
    private static readonly NodePackages Packages = new("sdk-node", "the JavaScript SDK tests", "20.19");

    public static string? SkipReason => Packages.SkipReason;

    /// <summary>Installs the SDKs' pinned packages unless <c>node_modules</c> already holds them.</summary>
    public static Task EnsurePackagesAsync() => Packages.EnsurePackagesAsync();

    /// <summary>Runs one test file with <c>node --test</c>; returns its exit code and everything it printed.</summary>
    public static Task<(int ExitCode, string Output)> RunTestFileAsync(string file, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        Packages.RunAsync(Packages.RequireNode(), ["--test", "--test-reporter=spec", file], environment, timeout);
}

/// <summary>A test that needs Node.js and npm: skipped with a message when they are missing outside CI.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute() => Skip = NodeJs.SkipReason;
}
