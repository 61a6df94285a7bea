using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Warbler.Server.Hosting;

/// <summary>
/// Answers a malformed <c>/api</c> request as a validation problem that names the field at fault
/// (<c>$.costBudget</c> → <c>costBudget</c>), rather than a bare 400.
/// </summary>
internal sealed class ApiBadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || !httpContext.Request.Path.StartsWithSegments("/api") || httpContext.Response.HasStarted)
        {
            return false;
        }

        var (field, message) = bad.InnerException is JsonException { Path: { Length: > 2 } path }
            ? (path[2..], "The value is not of the expected type or is not valid JSON.")
            : ("body", bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body is missing or is not valid JSON.");
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = bad.StatusCode,
                Title = "The request is not valid.",
            },
            Exception = exception,
        });
    }
}
