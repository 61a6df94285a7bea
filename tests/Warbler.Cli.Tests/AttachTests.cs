using System.Text.Json.Nodes;

namespace Warbler.Cli.Tests;

/// <summary>Files sent with a question: <c>warbler ask --attach</c> and <c>/attach</c> in <c>warbler chat</c>.</summary>
[Collection(WarblerServerCollection.Name)]
public sealed class AttachTests : IDisposable
{
    /// <summary>A real 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private readonly WarblerServer _server;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));

    public AttachTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Ask_WithAnImageATextFileAndAPdf_SendsEachAsItsOwnPartAfterTheQuestion()
    {
        var key = await _server.CreateKeyAsync();
        var image = Write("dot.png", Png);
        var notes = Write("notes.md", "# Plan\n\nShip on Friday.\n"u8.ToArray());
        var pdf = Write("report.pdf", "%PDF-1.4\n% a report\n"u8.ToArray());

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "-a", image, "--attach", notes, "-a", pdf, "What is in these?"], _server.Environment(key));

        CliAssert.Succeeded(result);
        var parts = UserParts(Assert.Single(_server.ChatRequests()));
        Assert.Equal(["text", "image_url", "text", "file"], parts.Select(p => p["type"]!.GetValue<string>()));
        Assert.Equal("What is in these?", parts[0]["text"]!.GetValue<string>());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(Png), parts[1]["image_url"]!["url"]!.GetValue<string>());
        Assert.Equal("File notes.md:\n\n# Plan\n\nShip on Friday.\n", parts[2]["text"]!.GetValue<string>());
        Assert.Equal("report.pdf", parts[3]["file"]!["filename"]!.GetValue<string>());
        Assert.StartsWith("data:application/pdf;base64,", parts[3]["file"]!["file_data"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WithOnlyAFile_AsksWithoutText()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "-a", Write("dot.png", Png)], _server.Environment(key));

        CliAssert.Succeeded(result);
        Assert.Equal(["image_url"], UserParts(Assert.Single(_server.ChatRequests())).Select(p => p["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ask_WithAFileNoModelReads_SaysWhatItTakesAndSendsNothing()
    {
        var key = await _server.CreateKeyAsync();
        var program = Write("tool.txt", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0]);

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "-a", program, "What does this do?"], _server.Environment(key));

        var error = CliAssert.FailedWith(2, result);
        Assert.Contains("tool.txt is not a file a model can read here", error, StringComparison.Ordinal);
        Assert.Contains("PNG", error, StringComparison.Ordinal);
        Assert.Empty(_server.ChatRequests());
    }

    [Fact]
    public async Task Chat_AttachThenAsk_SendsTheImageWithThatMessageAndInLaterTurns_AndSaveKeepsIt()
    {
        var key = await _server.CreateKeyAsync();
        var image = Write("dot.png", Png);
        var saved = Path.Combine(_folder, "talk.json");
        var input = $"/attach {image}\nWhat is this?\nAnd its colour?\n/save {saved}\n";

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: input);

        CliAssert.Succeeded(result);
        Assert.Contains("Attached dot.png (image/png, 70 bytes)", result.Errors, StringComparison.Ordinal);
        var requests = _server.ChatRequests();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(["text", "image_url"], UserParts(r, 0).Select(p => p["type"]!.GetValue<string>())));
        Assert.IsType<JsonValue>(requests[1]["messages"]![2]!["content"], exactMatch: false);
        var transcript = JsonNode.Parse(await File.ReadAllTextAsync(saved))!.AsArray();
        Assert.Equal(Convert.ToBase64String(Png), transcript[0]!["attachments"]![0]!["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_SavedWithAFile_LoadedInANewSession_SendsTheFileAgain()
    {
        var key = await _server.CreateKeyAsync();
        var saved = Path.Combine(_folder, "talk.json");
        await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: $"/attach {Write("dot.png", Png)}\nWhat is this?\n/save {saved}\n");
        _server.Upstream.Reset();

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: $"/load {saved}\nAnd now?\n");

        CliAssert.Succeeded(result);
        Assert.Equal(["text", "image_url"], UserParts(Assert.Single(_server.ChatRequests()), 0).Select(p => p["type"]!.GetValue<string>()));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The content parts of the request's user message (the <paramref name="index"/>th, or the last).</summary>
    private static List<JsonNode> UserParts(JsonObject request, int? index = null)
    {
        var users = request["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "user").ToList();
        return [.. users[index ?? users.Count - 1]!["content"]!.AsArray().Select(p => p!)];
    }
}
