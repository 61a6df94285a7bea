using System.Text.Json.Nodes;

namespace Warbler.Cli.Tests;

/// <summary>What tests check again and again about a run and about what reached the upstream.</summary>
public static class CliAssert
{
    public static void Succeeded(CliResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    /// <summary>The run failed with <paramref name="exitCode"/> and said so in one line on standard error, with no stack trace.</summary>
    public static string FailedWith(int exitCode, CliResult result)
    {
        Assert.True(result.ExitCode == exitCode, $"Expected exit {exitCode}.\n{result}");
        var lines = result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"Expected one line on stderr.\n{result}");
        Assert.StartsWith("warbler: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Errors, StringComparison.Ordinal);
        return lines[0];
    }

    public static void NoEscapeCodes(string text) => Assert.DoesNotContain('\u001b', text);

    /// <summary>The request's messages as (role, content) pairs.</summary>
    public static List<(string Role, string Content)> Messages(JsonObject request) =>
    [
        .. request["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), Content(m["content"]))),
    ];

    /// <summary>Content as a string, or the text of its parts when the client sent an array of parts.</summary>
    private static string Content(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
        _ => "",
    };
}
