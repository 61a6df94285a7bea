using Warbler.Docs.Tests.Links;

namespace Warbler.Docs.Tests;

/// <summary>Every relative link and anchor in README.md and docs/ leads somewhere, as GitHub renders them.</summary>
public sealed class LinkTests
{
    [Fact]
    public void Links_InReadmeAndDocs_EveryRelativeLinkAndAnchorResolves()
    {
        var files = new Dictionary<string, MarkdownFile>(StringComparer.Ordinal);
        MarkdownFile Load(string path) => files.TryGetValue(path, out var file) ? file : files[path] = MarkdownFile.Read(path);

        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var relative in RepositoryRoot.MarkdownFiles())
        {
            var source = Path.Combine(RepositoryRoot.Path, relative);
            foreach (var link in Load(source).Links)
            {
                if (IsExternal(link.Target))
                {
                    continue;
                }

                checkedLinks++;
                var hash = link.Target.IndexOf('#', StringComparison.Ordinal);
                var pathPart = Uri.UnescapeDataString(hash < 0 ? link.Target : link.Target[..hash]);
                var anchor = hash < 0 ? null : Uri.UnescapeDataString(link.Target[(hash + 1)..]);
                var target = pathPart.Length == 0
                    ? source
                    : Path.GetFullPath(pathPart.StartsWith('/')
                        ? Path.Combine(RepositoryRoot.Path, pathPart.TrimStart('/'))
                        : Path.Combine(Path.GetDirectoryName(source)!, pathPart));

                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{relative}:{link.Line}: {link.Target}: there is no {Path.GetRelativePath(RepositoryRoot.Path, target)}");
                }
                else if (anchor is { Length: > 0 } && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Load(target).Anchors.Contains(anchor))
                {
                    broken.Add($"{relative}:{link.Line}: {link.Target}: {Path.GetRelativePath(RepositoryRoot.Path, target)} has no heading or <a id> '{anchor}'");
                }
            }
        }

        Assert.True(checkedLinks > 0, "No relative link was found in README.md and docs/: is the repository where the test expects it?");
        Assert.True(broken.Count == 0, $"{broken.Count} broken link(s):\n{string.Join('\n', broken)}");
    }

    [Theory]
    [InlineData("Browsers: security headers and CORS", "browsers-security-headers-and-cors")]
    [InlineData("One call: POST /chat", "one-call-post-chat")]
    [InlineData("The `warbler` CLI", "the-warbler-cli")]
    [InlineData("Node.js with the openai package", "nodejs-with-the-openai-package")]
    [InlineData("[Linked](other.md) heading", "linked-heading")]
    [InlineData(".NET with the OpenAI package", "net-with-the-openai-package")]
    [InlineData("Scale-out with Redis", "scale-out-with-redis")]
    public void Slug_Heading_IsTheIdGitHubGivesIt(string heading, string expected) =>
        Assert.Equal(expected, GitHubSlug.Of(heading));

    private static bool IsExternal(string target) =>
        target.StartsWith("//", StringComparison.Ordinal)
        || (target.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && target[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'));
}
