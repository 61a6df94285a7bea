using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>The document's title and a short guide to the API's parts.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Warbler",
            Version = "v1",
            Description = """
                Warbler's HTTP API.

                - `/v1`: the OpenAI-compatible gateway. Point any OpenAI client at it with a Warbler key (`wk-…`).
                - `/api/admin`: keys, providers, models, usage and users, with the admin key (`WARBLER_ADMIN_KEY`) or as a signed-in admin.
                - `/api/auth`, `/api/me`, `/api/users`, `/api/bots`, `/api/rooms`, `/chat`: the chat service. Sign in with
                  `POST /api/auth/login` and send the access token as a bearer token (apps), or sign in with
                  `?useCookies=true` and let the browser keep the cookie (the web app).

                Errors are ProblemDetails on `/api` and `/chat`, and OpenAI error objects on `/v1`.
                Real-time events (new messages, streamed bot replies) come over the SignalR hub at `/hubs/chat`, which this document does not describe.
                """,
        };
        return Task.CompletedTask;
    }
}
