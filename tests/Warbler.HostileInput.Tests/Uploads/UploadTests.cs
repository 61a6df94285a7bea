using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.HostileInput.Tests.Routes;
using Warbler.HostileInput.Tests.Server;
using Xunit.Abstractions;

namespace Warbler.HostileInput.Tests.Uploads;

/// <summary>
/// Uploads to <c>POST /api/rooms/{roomId}/attachments</c> that must be refused: wrong types and
/// disguised ones, files past the size limit, zip bombs inside a .docx, PDFs that fail to parse,
/// path-like and control-character names, broken multipart framing. Each is a 4xx in
/// ProblemDetails, nothing is stored (no row, no file), and the server stays well.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class UploadTests(HostileServer server, ITestOutputHelper output)
{
    private const long MaxFileBytes = 20 * 1024 * 1024;

    public static TheoryData<string, string, int> Refused => new()
    {
        { "an executable named .txt", "elf", 415 },
        { "a Windows program named .png", "exe", 415 },
        { "a PNG named .pdf", "png-as-pdf", 415 },
        { "a gzip named .md", "gzip", 415 },
        { "text that is not UTF-8", "not-utf8", 415 },
        { "a zip that is not a Word document, named .docx", "zip", 415 },
        { "an empty file", "empty", 400 },
        { "a .docx zip bomb", "bomb", 422 },
        { "a .docx of thousands of parts", "many-parts", 422 },
        { "a PDF that fails to parse", "broken-pdf", 422 },
        { "a PDF cut short", "truncated-pdf", 422 },
        { "a file past the size limit", "oversized", 413 },
        { "a name with folders up", "name-dotdot", 400 },
        { "a Windows path", "name-windows", 400 },
        { "a name with a NUL", "name-nul", 400 },
        { "a name of only dots", "name-dots", 400 },
        { "a form without the file part", "no-file-part", 400 },
        { "a form cut short", "cut-form", 400 },
        { "two files", "two-files", 400 },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task HostileUpload_IsRefusedInTheApisFormat_AndNothingIsStored(string what, string kind, int expected)
    {
        var room = await NewRoomAsync();
        using var client = server.CreateClient(server.Owner.AccessToken);

        using var response = await client.SendAsync(Request(room, kind));
        var answer = await Answer.ReadAsync(response, CancellationToken.None);

        Assert.True(answer.Status == expected, $"{what}: expected {expected}, answered {answer}");
        Assert.Null(answer.Fault(ErrorFormat.ProblemDetails, headersPastKestrelLimits: false));
        await AssertNothingStoredAsync(room);
        await server.AssertHealthyAsync(CancellationToken.None);
    }

    [Fact]
    public async Task OversizedUploadWithoutALength_IsStoppedAt413_AndNothingIsStored()
    {
        var room = await NewRoomAsync();
        using var client = server.CreateClient(server.Owner.AccessToken);
        using var form = Form(("file", "big.txt", Encoding.ASCII.GetBytes(new string('a', (int)MaxFileBytes + 200_000))));
        var body = await form.ReadAsByteArrayAsync();
        using var chunked = new StreamContent(new MemoryStream(body));
        chunked.Headers.ContentType = form.Headers.ContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/attachments") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;

        var answer = await Answer.ReadAsync(await client.SendAsync(request), CancellationToken.None);

        Assert.True(answer.Status == 413, $"Answered {answer}");
        await AssertNothingStoredAsync(room);
    }

    [Fact]
    public async Task GeneratedUploads_HostileNamesAndContents_AreEither201Or4xxWithNothingStored()
    {
        var room = await NewRoomAsync();
        using var client = server.CreateClient(server.Owner.AccessToken);
        string[] names = ["../../etc/passwd", "C:\\x", "a\0b.txt", "..", " ", "notes.txt", "photo.png", "report.pdf", "doc.docx", "\u202egnp.exe", new string('n', 5000) + ".txt", "名前.md", "x.html", "%2e%2e%2fx", "con", "a;b\".txt"];
        var contents = new (string Kind, byte[] Bytes)[]
        {
            ("text", "plain words"u8.ToArray()), ("png", HostileFiles.PngHeader()), ("elf", HostileFiles.Elf), ("broken-pdf", HostileFiles.BrokenPdf),
            ("zip", HostileFiles.ZipNotDocx()), ("html", HostileFiles.Html), ("not-utf8", HostileFiles.NotUtf8), ("empty", []),
        };
        var count = new InputCount();
        try
        {
            await HostileRun.SampleAsync(
                Gen.Select(Gen.Int[0, names.Length - 1], Gen.Int[0, contents.Length - 1], (name, content) => (Name: names[name], contents[content].Kind, contents[content].Bytes)),
                async input =>
                {
                    var before = await StoredAsync(room);
                    using var form = Form(("file", input.Name, input.Bytes));
                    using var response = await client.PostAsync($"/api/rooms/{room}/attachments", form);
                    var answer = await Answer.ReadAsync(response, CancellationToken.None);
                    count.Add("POST /api/rooms/{roomId:guid}/attachments", answer.Status);
                    var after = await StoredAsync(room);
                    if (answer.Status == 201)
                    {
                        Assert.Equal((before.Rows + 1, before.Files + 1), (after.Rows, after.Files));
                        return;
                    }

                    Assert.True(answer.Status is >= 400 and < 500, $"Answered {answer}");
                    Assert.Null(answer.Fault(ErrorFormat.ProblemDetails, headersPastKestrelLimits: false));
                    Assert.Equal(before, after);
                },
                60,
                input => $"{input.Kind} named {input.Name.Replace("\0", "\\0", StringComparison.Ordinal)[..Math.Min(input.Name.Length, 40)]}");
            await server.AssertValidRequestsWorkAsync(CancellationToken.None);
        }
        finally
        {
            HostileRun.Report(output, "uploads", count, "the upload route");
        }
    }

    private HttpRequestMessage Request(Guid room, string kind)
    {
        var path = $"/api/rooms/{room}/attachments";
        HttpContent content = kind switch
        {
            "elf" => Form(("file", "readme.txt", HostileFiles.Elf)),
            "exe" => Form(("file", "cat.png", HostileFiles.WindowsExe)),
            "png-as-pdf" => Form(("file", "report.pdf", HostileFiles.PngHeader())),
            "gzip" => Form(("file", "notes.md", HostileFiles.Gzip)),
            "not-utf8" => Form(("file", "notes.txt", HostileFiles.NotUtf8)),
            "zip" => Form(("file", "letter.docx", HostileFiles.ZipNotDocx())),
            "empty" => Form(("file", "empty.txt", [])),
            "bomb" => Form(("file", "bomb.docx", HostileFiles.DocxBomb())),
            "many-parts" => Form(("file", "parts.docx", HostileFiles.DocxOfManyParts())),
            "broken-pdf" => Form(("file", "broken.pdf", HostileFiles.BrokenPdf)),
            "truncated-pdf" => Form(("file", "cut.pdf", HostileFiles.TruncatedPdf)),
            "oversized" => Form(("file", "big.txt", Encoding.ASCII.GetBytes(new string('a', (int)MaxFileBytes + 1)))),
            "name-dotdot" => Form(("file", "../../etc/passwd", "root:x:0:0"u8.ToArray())),
            "name-windows" => Form(("file", "C:\\x", "hello"u8.ToArray())),
            "name-nul" => Form(("file", "notes\0.txt", "hello"u8.ToArray())),
            "name-dots" => Form(("file", "..", "hello"u8.ToArray())),
            "no-file-part" => new MultipartFormDataContent { { new StringContent("hello"), "note" } },
            "cut-form" => CutForm(),
            "two-files" => Form(("file", "a.txt", "a"u8.ToArray()), ("file", "b.txt", "b"u8.ToArray())),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    /// <summary>A form whose file part never ends: no closing boundary.</summary>
    private static ByteArrayContent CutForm()
    {
        var body = Encoding.ASCII.GetBytes("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello, and then nothing");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");
        return content;
    }

    /// <summary>A form with the parts given; file names are written raw, as a hostile client may send them.</summary>
    private static MultipartFormDataContent Form(params (string Part, string FileName, byte[] Bytes)[] parts)
    {
        var form = new MultipartFormDataContent("hostile-boundary");
        foreach (var (part, fileName, bytes) in parts)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{part}\"; filename=\"{fileName.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file);
        }

        return form;
    }

    private async Task<Guid> NewRoomAsync()
    {
        using var client = server.CreateClient(server.Owner.AccessToken);
        using var response = await client.PostAsJsonAsync("/api/rooms", new { kind = "group", title = "Uploads" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task AssertNothingStoredAsync(Guid room) => Assert.Equal((0, 0), await StoredAsync(room));

    /// <summary>The room's attachment rows and the files the local store holds for it.</summary>
    private async Task<(int Rows, int Files)> StoredAsync(Guid room)
    {
        await using var scope = server.Host.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<WarblerDbContext>().MessageAttachments.CountAsync(a => a.RoomId == room);
        var store = (Warbler.Chat.Files.LocalBlobStore)server.Host.Services.GetRequiredService<Warbler.Chat.Files.IBlobStore>();
        var folder = Path.Combine(store.Root, "rooms", room.ToString("D"));
        return (rows, Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Length : 0);
    }
}
