using Microsoft.AspNetCore.Diagnostics;
using Warbler.Data;

namespace Warbler.Server.Hosting;

/// <summary>
/// Answers a request to <c>/api</c>, <c>/chat</c> or <c>/hubs</c> (a hub connection being set up)
/// that failed because the database is busy or out of reach with 503 and <c>Retry-After</c> in
/// ProblemDetails: nothing was stored, and the same request (a send with the same
/// <c>clientMessageId</c>) may simply be sent again. <c>/v1</c> has its own handler, in OpenAI's
/// error format.
/// </summary>
internal sealed class StorageUnavailableHandler(IProblemDetailsService problems, ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var path = httpContext.Request.Path;
        if (!StorageFailure.IsUnavailable(exception) || !(path.StartsWithSegments("/api") || path.StartsWithSegments("/chat") || path.StartsWithSegments("/hubs")) || httpContext.Response.HasStarted)
        {
            return false;
        }

        StorageLog.Unavailable(logger, path, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)StorageFailure.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is busy or unavailable.",
                Detail = "Nothing was changed. Try the same request again in a moment.",
            },
            Exception = exception,
        });
    }
}

internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Warning, "The database could not serve {Path}: {Reason}. Answered 503.")]
    public static partial void Unavailable(ILogger logger, string path, string reason);
}
