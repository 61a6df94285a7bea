using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.Data;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Knowledge;

/// <summary>
/// Knowledge bases end to end on one shared server: documents uploaded, chunked and embedded (by
/// the fake upstream, from their words), retrieved when a bot answers, and shown as the reply's sources.
/// </summary>
public sealed class KnowledgeBaseTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private static readonly string[] Cities =
    [
        "Amsterdam", "Athens", "Barcelona", "Berlin", "Bern", "Bratislava", "Brussels", "Bucharest", "Budapest", "Copenhagen",
        "Dublin", "Edinburgh", "Florence", "Geneva", "Genoa", "Hamburg", "Helsinki", "Krakow", "Lisbon", "Ljubljana",
        "London", "Luxembourg", "Lyon", "Madrid", "Malaga", "Marseille", "Milan", "Munich", "Naples", "Nice",
        "Oslo", "Paris", "Porto", "Prague", "Reykjavik", "Riga", "Rome", "Rotterdam", "Salzburg", "Seville",
        "Sofia", "Stockholm", "Tallinn", "Turin", "Valencia", "Venice", "Vienna", "Vilnius", "Warsaw", "Zurich",
    ];

    [Fact]
    public async Task Reply_BotWithAKnowledgeBaseOf50Documents_IsGivenThePassageThatAnswersAndListsItAsItsSource()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync("Offices");
        foreach (var (city, i) in Cities.Select((c, i) => (c, i)))
        {
            await admin.UploadAsync(knowledgeBase, $"{city.ToLowerInvariant()}.md", Office(city, i));
        }

        var documents = await admin.WaitUntilReadyAsync(knowledgeBase);
        var lisbon = documents.Single(d => d.GetProperty("fileName").GetString() == "lisbon.md");
        var (member, room, botId) = await StartRoomWithBotAsync(host, knowledgeBase);
        await using var hub = await member.ConnectAsync();

        await member.Http.SendAsync(room, "When does the Lisbon office open in the morning?");
        var completed = await hub.WaitForAsync("messageCompleted", e => e.RoomId == room);
        var reply = (await member.Http.WaitForRepliesAsync(room))[1];

        // The upstream was given the passage that answers, with its source.
        var instructions = host.LastPrompt().First(m => m.Role == "system").Content;
        Assert.Contains($"lisbon.md › Lisbon office: The Lisbon office opens at {Opening(18)} in the morning", instructions, StringComparison.Ordinal);

        // The reply lists it first among its sources, in REST and in the hub's event alike.
        var source = reply.GetProperty("sources")[0];
        Assert.True(source.GetProperty("documentName").GetString() == "lisbon.md", $"Sources: {reply.GetProperty("sources")}; embeddings asked: {string.Join(" | ", host.Upstream.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)).Select(r => r.Body.Length > 120 ? r.Body[..120] : r.Body))}");
        Assert.Equal((1, lisbon.GetProperty("id").GetGuid(), "lisbon.md", "Lisbon office"), (source.GetProperty("index").GetInt32(), source.GetProperty("documentId").GetGuid(), source.GetProperty("documentName").GetString(), source.GetProperty("heading").GetString()));
        Assert.StartsWith("The Lisbon office opens at", source.GetProperty("passage").GetString(), StringComparison.Ordinal);
        Assert.True(source.GetProperty("score").GetDouble() > 0.3, $"score {source.GetProperty("score")}");
        Assert.Equal(reply.GetProperty("sources").GetRawText(), completed.Message.GetProperty("sources").GetRawText());

        // The question's embedding is recorded against the bot and the user it answered.
        List<(string Model, Guid? UserId, string RequestId)> records = [];
        await Eventually.UntilAsync(async () => (records = await host.EmbeddingUsageAsync(botId)).Count > 0, because: "the question's usage record to be stored");
        var usage = Assert.Single(records);
        Assert.Equal((KnowledgeClient.EmbeddingModel, member.Id), (usage.Model, usage.UserId));
        Assert.StartsWith($"retrieve_{reply.GetProperty("id").GetInt64()}_", usage.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDocument_ItsChunksAreRemovedAndItIsNoLongerRetrieved()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();
        var lisbon = await admin.UploadAsync(knowledgeBase, "lisbon.md", Office("Lisbon", 18));
        await admin.UploadAsync(knowledgeBase, "porto.md", Office("Porto", 32));
        await admin.WaitUntilReadyAsync(knowledgeBase);
        var (member, room, _) = await StartRoomWithBotAsync(host, knowledgeBase);
        await member.Http.SendAsync(room, "When does the Lisbon office open?");
        Assert.Equal("lisbon.md", (await member.Http.WaitForRepliesAsync(room))[1].GetProperty("sources")[0].GetProperty("documentName").GetString());

        using var deleted = await admin.DeleteAsync($"/api/admin/knowledge-bases/{knowledgeBase}/documents/{lisbon}");
        await member.Http.SendAsync(room, "When does the Lisbon office open?");
        var messages = await member.Http.WaitForRepliesAsync(room, atLeast: 2);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(["porto.md"], (await admin.DocumentsAsync(knowledgeBase)).Select(d => d.GetProperty("fileName").GetString()));
        Assert.Equal(0, await ChunksOfAsync(host, lisbon));
        var again = messages[3];
        Assert.DoesNotContain(again.GetProperty("sources").EnumerateArray(), s => s.GetProperty("documentName").GetString() == "lisbon.md");
        Assert.DoesNotContain("Lisbon office opens", host.LastPrompt().First(m => m.Role == "system").Content, StringComparison.Ordinal);

        // The first reply's history still names the document it was given.
        Assert.Equal("lisbon.md", messages[1].GetProperty("sources")[0].GetProperty("documentName").GetString());
    }

    [Fact]
    public async Task UpdateKnowledgeBase_NewEmbeddingModel_EmbedsEveryDocumentAgainWithIt()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();
        await admin.UploadAsync(knowledgeBase, "lisbon.md", Office("Lisbon", 18));
        await admin.UploadAsync(knowledgeBase, "porto.md", Office("Porto", 32));
        await admin.WaitUntilReadyAsync(knowledgeBase);
        var (member, room, _) = await StartRoomWithBotAsync(host, knowledgeBase);

        using var changed = await admin.PatchAsJsonAsync($"/api/admin/knowledge-bases/{knowledgeBase}", new { embeddingModel = "text-embedding-3-large" });
        var documents = await admin.WaitUntilReadyAsync(knowledgeBase, "text-embedding-3-large");
        await member.Http.SendAsync(room, "When does the Porto office open?");
        var reply = (await member.Http.WaitForRepliesAsync(room))[1];

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("text-embedding-3-large", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("embeddingModel").GetString());
        Assert.All(documents, d => Assert.Equal("text-embedding-3-large", d.GetProperty("embeddingModel").GetString()));
        var embedded = host.Upstream.Requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()).ToList();
        Assert.Equal(3, embedded.Count(m => m == "text-embedding-3-large")); // Each document, then the question.
        Assert.Equal("porto.md", reply.GetProperty("sources")[0].GetProperty("documentName").GetString());
    }

    [Fact]
    public async Task Upload_ContentThatIsNotWhatItsNameSays_Is415AndNothingIsStored()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();

        using var response = await admin.PostDocumentAsync(knowledgeBase, "handbook.pdf", Encoding.UTF8.GetBytes("Just text, not a PDF."), "application/pdf");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("handbook.pdf", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await admin.DocumentsAsync(knowledgeBase));
    }

    [Fact]
    public async Task Upload_PdfThatFailsToParse_Is422AndNothingIsStored()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();

        using var response = await admin.PostDocumentAsync(knowledgeBase, "broken.pdf", [.. "%PDF-1.7\n"u8, .. Enumerable.Repeat((byte)'x', 2000)], "application/pdf");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await admin.DocumentsAsync(knowledgeBase));
    }

    [Fact]
    public async Task Upload_NotMultipart_Is415()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();

        using var response = await admin.PostAsJsonAsync($"/api/admin/knowledge-bases/{knowledgeBase}/documents", new { file = "text" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Upload_PathLikeName_IsStoredUnderItsOwnNameOnly()
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();

        await admin.UploadAsync(knowledgeBase, "../../etc/notes.md", "# Notes\n\nNothing secret.");

        Assert.Equal("notes.md", (await admin.DocumentsAsync(knowledgeBase)).Single().GetProperty("fileName").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/admin/knowledge-bases")]
    [InlineData("POST", "/api/admin/knowledge-bases")]
    [InlineData("GET", "/api/admin/knowledge-bases/{base}")]
    [InlineData("PATCH", "/api/admin/knowledge-bases/{base}")]
    [InlineData("DELETE", "/api/admin/knowledge-bases/{base}")]
    [InlineData("GET", "/api/admin/knowledge-bases/{base}/documents")]
    [InlineData("POST", "/api/admin/knowledge-bases/{base}/documents")]
    [InlineData("DELETE", "/api/admin/knowledge-bases/{base}/documents/{document}")]
    [InlineData("GET", "/api/bots/{bot}/knowledge-bases")]
    [InlineData("PUT", "/api/bots/{bot}/knowledge-bases")]
    public async Task AdminRoutes_UserWhoIsNotAnAdmin_Gets403(string method, string route)
    {
        var host = Fresh();
        using var admin = host.CreateAdminClient();
        var knowledgeBase = await admin.CreateKnowledgeBaseAsync();
        var document = await admin.UploadAsync(knowledgeBase, "a.md", "Some text.");
        var bot = await host.CreateBotAsync(RoomsClient.NewHandle());
        using var user = await host.RegisterAndLoginAsync(ChatUsers.NewEmail());
        var url = route.Replace("{base}", knowledgeBase.ToString(), StringComparison.Ordinal)
            .Replace("{document}", document.ToString(), StringComparison.Ordinal)
            .Replace("{bot}", bot.ToString(), StringComparison.Ordinal);

        using var response = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { name = "x", knowledgeBaseIds = new[] { knowledgeBase } }) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(await admin.DocumentsAsync(knowledgeBase));
    }

    private GatewayHost Fresh()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer() with { EmbedsWords = true };
        return host;
    }

    /// <summary>A document about one office, which only it answers: its opening hour.</summary>
    private static string Office(string city, int i) => $"""
        # {city} office

        The {city} office opens at {Opening(i)} in the morning and closes at six.

        ## Visitors

        Visitors to {city} sign in at the front desk and wear a badge.
        """;

    private static string Opening(int i) => $"{5 + (i % 5)}:{(i * 7 % 60).ToString("00", CultureInfo.InvariantCulture)}";

    private static async Task<(ChatMember Member, Guid Room, Guid Bot)> StartRoomWithBotAsync(GatewayHost host, Guid knowledgeBase)
    {
        var handle = RoomsClient.NewHandle();
        var botId = await host.CreateBotAsync(handle);
        using (var admin = host.CreateAdminClient())
        {
            await admin.AttachAsync(botId, knowledgeBase);
        }

        var member = await ChatMember.SignUpAsync(host, "ann");
        var room = await member.Http.CreateRoomAsync("direct", bots: [handle]);
        return (member, room, botId);
    }

    private static async Task<int> ChunksOfAsync(GatewayHost host, Guid documentId)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        return await db.KnowledgeChunks.CountAsync(c => c.DocumentId == documentId);
    }
}
