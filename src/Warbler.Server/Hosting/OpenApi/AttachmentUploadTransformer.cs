using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>
/// Gives the upload of a file to a room its multipart body in the document. Not with <c>Accepts</c>
/// metadata on the endpoint: routing would then answer another content type 415 before the caller is
/// authenticated, where every other chat route answers 401 (or 404 for a room not theirs).
/// </summary>
internal sealed class AttachmentUploadTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath != "api/rooms/{roomId}/attachments" || context.Description.HttpMethod != "POST")
        {
            return;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(AttachmentUploadForm), cancellationToken: cancellationToken) },
            },
        };
    }
}
