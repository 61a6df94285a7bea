using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Warbler.Server.Hosting;

/// <summary>
/// Answers a malformed <c>/api</c> or <c>/chat</c> request as a validation problem that names the field at fault
/// (<c>$.costBudget</c> → <c>costBudget</c>, or a query value that does not parse), rather than a bare 400.
/// </summary>
internal sealed partial class ApiBadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The chat's one-call /chat answers in ProblemDetails as /api does.
        var requestPath = httpContext.Request.Path;
        if (!(requestPath.StartsWithSegments("/api") || requestPath.StartsWithSegments("/chat")) || httpContext.Response.HasStarted)
        {
            return false;
        }

        // Minimal APIs throw InvalidOperationException (a 500) for a charset no encoding answers to.
        if (exception is InvalidOperationException && UnknownCharset(httpContext.Request) is { } charset)
        {
            return await WriteAsync(httpContext, exception, StatusCodes.Status415UnsupportedMediaType, "body", $"The charset '{charset}' is not supported; send JSON in UTF-8.");
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, message) = bad.InnerException is JsonException { Path: { Length: > 2 } path }
            ? (path[2..], "The value is not of the expected type or is not valid JSON.")
            : UnparsableParameter().Match(bad.Message) is { Success: true } parameter
                ? (parameter.Groups["name"].Value, $"'{parameter.Groups["value"].Value}' is not a valid value.")
                : ("body", bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body is missing or is not valid JSON.");
        return await WriteAsync(httpContext, exception, bad.StatusCode, field, message);
    }

    private async Task<bool> WriteAsync(HttpContext httpContext, Exception exception, int status, string field, string message)
    {
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = status,
                Title = "The request is not valid.",
            },
            Exception = exception,
        });
    }

    /// <summary>The charset of the request's content type when .NET has no encoding of that name.</summary>
    private static string? UnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.Charset is not { Length: > 0 } charset)
        {
            return null;
        }

        try
        {
            _ = System.Text.Encoding.GetEncoding(charset.Value!);
            return null;
        }
        catch (ArgumentException)
        {
            return charset.Value;
        }
    }

    /// <summary>
    /// Minimal APIs' words for a query or route value that does not parse ("?limit=many"):
    /// <c>Failed to bind parameter "int? limit" from "many".</c> It names the parameter, not the body.
    /// </summary>
    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex UnparsableParameter();
}
