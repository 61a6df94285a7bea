using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Testing;

namespace Warbler.Web.Tests;

/// <summary>
/// The web app compiles against types generated from the server's OpenAPI document: the document
/// is committed as <c>web/openapi.json</c>, and <c>web/src/api-types.ts</c> is what openapi-typescript
/// makes of it. A contract changed on the server without both being regenerated fails here.
/// </summary>
public sealed class ApiTypesTests
{
    /// <summary>Set to <c>true</c>, the tests write the document and the types instead of checking them.</summary>
    private const string UpdateVariable = "WARBLER_UPDATE_API_TYPES";

    private const string UpdateCommand = $"{UpdateVariable}=true dotnet test tests/Warbler.Web.Tests --filter \"FullyQualifiedName~ApiTypesTests\"";

    private static readonly string WebDirectory = Path.Combine(Artifacts.RepositoryRoot, "web");
    private static readonly string DocumentFile = Path.Combine(WebDirectory, "openapi.json");
    private static readonly string TypesFile = Path.Combine(WebDirectory, "src", "api-types.ts");

    private static bool Updating => string.Equals(Environment.GetEnvironmentVariable(UpdateVariable), "true", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task OpenApiDocument_IsTheCommittedOne()
    {
        await using var host = await GatewayHost.StartAsync();
        using var client = host.CreateClient(key: null);
        var document = Normalize(await client.GetStringAsync("/openapi/v1.json"));

        if (Updating)
        {
            await File.WriteAllTextAsync(DocumentFile, document);
            await File.WriteAllTextAsync(TypesFile, await GenerateTypesAsync());
            return;
        }

        var committed = File.Exists(DocumentFile) ? (await File.ReadAllTextAsync(DocumentFile)).ReplaceLineEndings("\n") : "";
        Assert.True(
            committed == document,
            $"web/openapi.json is not the server's OpenAPI document: an /api contract changed without regenerating the web app's types. Run `{UpdateCommand}` and commit web/openapi.json and web/src/api-types.ts.\n{FirstDifference(committed, document)}");
    }

    [Fact]
    public async Task ApiTypes_AreWhatOpenApiTypescriptMakesOfTheDocument()
    {
        var generated = await GenerateTypesAsync();
        if (Updating)
        {
            return; // Written by the test of the document, from the document it writes.
        }

        var committed = File.Exists(TypesFile) ? (await File.ReadAllTextAsync(TypesFile)).ReplaceLineEndings("\n") : "";
        Assert.True(
            committed == generated,
            $"web/src/api-types.ts is not what openapi-typescript makes of web/openapi.json. Run `{UpdateCommand}` (or `npm run generate` in web/) and commit it.\n{FirstDifference(committed, generated)}");
    }

    /// <summary>The document as committed: indented, without the <c>servers</c> the request's own address fills in.</summary>
    private static string Normalize(string document)
    {
        var root = JsonNode.Parse(document)!.AsObject();
        root.Remove("servers");
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return root.ToJsonString(options).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Runs <c>npm run generate</c>'s generator on the committed document, into a temporary file, and returns what it wrote.</summary>
    private static async Task<string> GenerateTypesAsync()
    {
        var cli = Path.Combine(WebDirectory, "tools", "openapi-types", "node_modules", "openapi-typescript", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"openapi-typescript is not installed: run `npm ci` in web/ (the server's build does, unless WARBLER_SKIP_WEB_BUILD is set).");
        var output = Path.Combine(Path.GetTempPath(), $"warbler-api-types-{Guid.NewGuid():N}.ts");
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = WebDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { cli, "openapi.json", "--output", output })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"openapi-typescript failed ({process.ExitCode}): {await stderr}{await stdout}");
            return (await File.ReadAllTextAsync(output)).ReplaceLineEndings("\n");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string FirstDifference(string committed, string expected)
    {
        var committedLines = committed.Split('\n');
        var expectedLines = expected.Split('\n');
        for (var i = 0; i < Math.Max(committedLines.Length, expectedLines.Length); i++)
        {
            var was = i < committedLines.Length ? committedLines[i] : "(end of file)";
            var now = i < expectedLines.Length ? expectedLines[i] : "(end of file)";
            if (was != now)
            {
                return $"First difference, line {i + 1}:\n--- committed\n{Around(committedLines, i)}\n--- expected\n{Around(expectedLines, i)}";
            }
        }

        return "";
    }

    private static string Around(string[] lines, int index) =>
        string.Join('\n', lines.Skip(Math.Max(0, index - 4)).Take(8));
}
