using System.Net;
using System.Text;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Media;

/// <summary>
/// Damaged uploads to the multipart routes get a 400 in OpenAI's shape naming what is wrong, and
/// nothing reaches the upstream. Refused requests change nothing, so the tests share one host.
/// </summary>
public sealed class MultipartBadInputTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    private const string Boundary = "b0undary";

    public static TheoryData<string, string, string, string> DamagedForms => new()
    {
        { "/v1/audio/transcriptions", "application/json", """{"model":"whisper-1"}""", "multipart/form-data" },
        { "/v1/audio/transcriptions", "multipart/form-data", Form(("model", null, "whisper-1")), "no usable boundary" },
        { "/v1/audio/transcriptions", $"multipart/form-data; boundary={Boundary}", "not a form at all", "does not start with its boundary" },
        { "/v1/audio/transcriptions", $"multipart/form-data; boundary={Boundary}", Form(("model", null, "whisper-1"))[..^8], "closing boundary is missing" },
        { "/v1/audio/transcriptions", $"multipart/form-data; boundary={Boundary}", $"--{Boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--{Boundary}--\r\n", "no Content-Disposition with a field name" },
        { "/v1/audio/transcriptions", $"multipart/form-data; boundary={Boundary}", Form(("model", null, "whisper-1")), "'file'" },
        { "/v1/audio/transcriptions", $"multipart/form-data; boundary={Boundary}", Form(("file", "a.wav", "RIFF")), "'model'" },
        { "/v1/audio/translations", $"multipart/form-data; boundary={Boundary}", Form(("model", null, "whisper-1"), ("file", null, "not a file part")), "'file'" },
        { "/v1/images/edits", $"multipart/form-data; boundary={Boundary}", Form(("prompt", null, "A hat")), "'image'" },
        { "/v1/images/edits", $"multipart/form-data; boundary={Boundary}", Form(("image", "a.png", "png")), "'prompt'" },
        { "/v1/images/edits", $"multipart/form-data; boundary={Boundary}", $"--{Boundary}\r\nContent-Disposition: form-data; name=\"model\"", "headers never end" },
    };

    [Theory]
    [MemberData(nameof(DamagedForms))]
    public async Task Post_DamagedUpload_Gets400NamingTheProblem(string path, string contentType, string body, string expected)
    {
        var host = fixture.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task Post_ModelFieldNotUtf8_Gets400NamingTheField()
    {
        var host = fixture.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());
        var body = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n")
            .Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n")).ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");

        using var response = await client.PostAsync("/v1/audio/transcriptions", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("model", (await OpenAIErrorBody.ReadAsync(response)).Param);
    }

    private static string Form(params (string Name, string? FileName, string Value)[] fields) =>
        string.Concat(fields.Select(f => $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{f.Name}\"{(f.FileName is null ? "" : $"; filename=\"{f.FileName}\"")}\r\n\r\n{f.Value}\r\n"))
        + $"--{Boundary}--\r\n";
}
