using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Warbler.Chat.Knowledge;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Usage;

namespace Warbler.Bench.Knowledge;

/// <summary>
/// Ingestion end to end against a running Warbler on the demo provider: documents uploaded
/// through the admin API, chunked, embedded by the demo through the in-process gateway (routed,
/// metered), stored, until every one is ready; chunks a second. The baseline, in the same run, is
/// the same documents chunked and embedded by the demo's function in this process, with nothing
/// sent or stored: what ingestion costs without the gateway, HTTP and the database.
/// </summary>
internal static class IngestionBenchmark
{
    private const string Model = "text-embedding-3-small";

    private static readonly string[] Vocabulary = [.. "holiday office badge visitor receipt salary contract manager meeting report deadline budget printer parking kitchen security laptop password training travel invoice customer supplier warehouse delivery schedule overtime pension insurance doctor"
        .Split(' ')];

    public static async Task RunAsync(Uri server, string adminKey, int documents, int sectionsPerDocument, TextWriter report)
    {
        var texts = Enumerable.Range(0, documents).Select(Document).ToList();
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var created = await http.PostAsJsonAsync("/api/admin/knowledge-bases", new { name = "bench", embeddingModel = Model });
        created.EnsureSuccessStatusCode();
        var knowledgeBase = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < texts.Count; i++)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(texts[i]));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            form.Add(file, "file", $"document-{i}.md");
            using var uploaded = await http.PostAsync($"/api/admin/knowledge-bases/{knowledgeBase}/documents", form);
            uploaded.EnsureSuccessStatusCode();
        }

        var uploadedIn = Stopwatch.GetElapsedTime(started);
        int chunks;
        while (true)
        {
            var listed = await http.GetFromJsonAsync<JsonElement>($"/api/admin/knowledge-bases/{knowledgeBase}/documents");
            var statuses = listed.EnumerateArray().Select(d => d.GetProperty("status").GetString()).ToList();
            if (statuses.Contains("failed"))
            {
                throw new InvalidOperationException($"A document failed: {listed}");
            }

            if (statuses.All(s => s == "ready"))
            {
                chunks = listed.EnumerateArray().Sum(d => d.GetProperty("chunks").GetInt32());
                break;
            }

            await Task.Delay(100);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        report.WriteLine($"ingestion end to end: {documents} documents, {chunks:N0} chunks of about 400 tokens in {elapsed.TotalSeconds:0.0} s (uploads took {uploadedIn.TotalSeconds:0.0} s): {chunks / elapsed.TotalSeconds:N0} chunks/s");

        // Baseline: chunking and the demo's embedding alone, in this process.
        var counter = new TokenCounter();
        var chunker = new TextChunker(text => counter.Count(Model, text), 400, 60);
        var alone = Stopwatch.GetTimestamp();
        var made = 0;
        foreach (var text in texts)
        {
            foreach (var chunk in chunker.Split(text))
            {
                DemoEmbedding.Of(chunk.EmbeddingInput, DemoEmbedding.DefaultDimensions);
                made++;
            }
        }

        var aloneIn = Stopwatch.GetElapsedTime(alone);
        report.WriteLine($"baseline, chunking and the demo's embedding in-process, nothing sent or stored: {made:N0} chunks in {aloneIn.TotalSeconds:0.0} s: {made / aloneIn.TotalSeconds:N0} chunks/s");
    }

    /// <summary>A document of sections under headings, each of paragraphs of about 60 words.</summary>
    private static string Document(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var section = 0; section < 10; section++)
        {
            text.Append("# Section ").Append(section).Append(" of document ").Append(seed).Append("\n\n");
            for (var paragraph = 0; paragraph < 8; paragraph++)
            {
                for (var word = 0; word < 60; word++)
                {
                    text.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(word % 12 == 11 ? ". " : " ");
                }

                text.Append("\n\n");
            }
        }

        return text.ToString();
    }
}
