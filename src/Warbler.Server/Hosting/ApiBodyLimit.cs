using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Warbler.Chat.Configuration;

namespace Warbler.Server.Hosting;

/// <summary>
/// Caps the body of an <c>/api</c> or <c>/chat</c> request well below the web server's 30 MB, so
/// that nobody makes the server read and parse megabytes for a message it would refuse anyway. The
/// cap follows the longest message allowed (<c>Chat:MaxMessageLength</c>, each character at its
/// longest in JSON, <c>\uXXXX</c>), and is at least 1 MiB. A larger body gets 413 in ProblemDetails
/// (<see cref="ApiBadRequestHandler"/>). A route that takes files names its own cap
/// (<see cref="IRequestSizeLimitMetadata"/>, such as uploads' <c>Chat:Files:MaxFileBytes</c>).
/// <c>/v1</c> has its own limit, <c>Gateway:MaxRequestBodyBytes</c>.
/// </summary>
internal sealed class ApiBodyLimit(RequestDelegate next, IOptions<ChatOptions> chat)
{
    private const long Floor = 1024 * 1024;
    private const int JsonBytesPerCharacter = 6;
    private const int Envelope = 64 * 1024;

    private readonly long _limit = Math.Max(Floor, (long)chat.Value.MaxMessageLength * JsonBytesPerCharacter + Envelope);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;

        // An endpoint that takes files (IRequestSizeLimitMetadata) sets and checks its own cap.
        var ownLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null;
        if (!ownLimit && (path.StartsWithSegments("/api") || path.StartsWithSegments("/chat")))
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _limit;
            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            // A body without a length is stopped by the server as soon as it passes the cap.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        return next(context);
    }
}
