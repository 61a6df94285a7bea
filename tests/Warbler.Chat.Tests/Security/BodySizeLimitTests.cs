using System.Net;
using System.Text;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Security;

/// <summary>
/// The chat API reads at most what its longest message can take (1 MiB with the default
/// <c>Chat:MaxMessageLength</c>), whether or not the body says its length: past that, 413 in the
/// API's format, and the longest message allowed, written as escapes, still goes through.
/// </summary>
public sealed class BodySizeLimitTests
{
    private const int TwoMiB = 2 * 1024 * 1024;

    [Fact]
    public async Task BodyPastTheCap_WithOrWithoutItsLength_Is413()
    {
        // On a real socket, so the web server's own accounting of a body without a length runs.
        await using var host = await GatewayHost.StartAsync(kestrel: true);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Big bodies");
        var oversized = $$"""{"text":"{{new string('a', TwoMiB)}}"}""";

        using var withLength = new StringContent(oversized, Encoding.UTF8, "application/json");
        using var chunked = new PushStreamContent(oversized);
        foreach (var content in (HttpContent[])[withLength, chunked])
        {
            using var response = await ann.PostAsync($"/api/rooms/{room}/messages", content);

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var problem = await ProblemBody.ReadAsync(response);
            Assert.Equal(["The request body is too large."], problem.Errors["body"]);
        }

        using var messages = await ann.GetAsync($"/api/rooms/{room}/messages");
        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
    }

    [Fact]
    public async Task LongestMessageAllowed_WrittenAsEscapes_IsAccepted()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Chat:MaxMessageLength"] = "200000");
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Escapes");
        var escaped = string.Concat(Enumerable.Repeat("\\u00e9", 200_000)); // 1.2 MB of JSON for 200,000 characters.

        using var body = new StringContent($$"""{"text":"{{escaped}}","clientMessageId":"escapes"}""", Encoding.UTF8, "application/json");
        using var response = await ann.PostAsync($"/api/rooms/{room}/messages", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A body sent in chunks, so the request carries no <c>Content-Length</c>.</summary>
    private sealed class PushStreamContent(string text) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var offset = 0; offset < bytes.Length; offset += 64 * 1024)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(64 * 1024, bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
