using System.ComponentModel;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>
/// Gives the chat's file uploads (a room's attachments, a knowledge base's documents) their
/// multipart request body in the document. They read the form as a stream rather than bind it, so
/// nothing in their signatures would describe it; their answers are described where they are mapped.
/// </summary>
internal sealed partial class UploadRequestBodyTransformer : IOpenApiOperationTransformer
{
    private static readonly HashSet<string> Uploads = new(StringComparer.Ordinal)
    {
        "api/rooms/{roomId}/attachments",
        "api/admin/knowledge-bases/{id}/documents",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(context.Description.HttpMethod ?? "")
            || context.Description.RelativePath is not { } relativePath
            || !Uploads.Contains(RouteConstraints().Replace(relativePath, "}").TrimEnd('/')))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(typeof(FileUploadForm), cancellationToken: cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = schema } },
        };
    }

    /// <summary>A route parameter's constraints (<c>:guid}</c>), which the path may still carry.</summary>
    [GeneratedRegex(@":[^}]*\}")]
    private static partial Regex RouteConstraints();
}

[Description("A file upload: a multipart form with one part, named `file`.")]
public sealed record FileUploadForm(
    [property: Description("The file, with its name; the type is found from the content and must agree with the name's extension.")] IFormFile File);
