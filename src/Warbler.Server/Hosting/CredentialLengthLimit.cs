using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Warbler.Gateway.Errors;

namespace Warbler.Server.Hosting;

/// <summary>
/// Refuses a credential header longer than any credential Warbler accepts, before anything reads
/// it: 401 in OpenAI's error format on <c>/v1</c>, 401 ProblemDetails on <c>/api</c>, <c>/chat</c>
/// and <c>/hubs</c>. The answer names the header and its length, never its value.
/// </summary>
internal sealed partial class CredentialLengthLimit(RequestDelegate next, IProblemDetailsService problems, ILogger<CredentialLengthLimit> logger)
{
    private const int MaxLength = HeaderLimits.MaxCredentialLength;

    /// <summary>The headers Warbler reads credentials from: <c>Authorization</c>, Azure OpenAI's <c>api-key</c> and Anthropic's <c>x-api-key</c>.</summary>
    private static readonly string[] CredentialHeaders = [HeaderNames.Authorization, "api-key", "x-api-key"];

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var openAI = path.StartsWithSegments("/v1");
        if ((openAI || path.StartsWithSegments("/api") || path.StartsWithSegments("/chat") || path.StartsWithSegments("/hubs"))
            && TooLong(context.Request.Headers) is { } header)
        {
            RefusedCredential(logger, header.Name, header.Length);
            var message = string.Create(CultureInfo.InvariantCulture,
                $"The {header.Name} header is {header.Length:N0} characters long; no Warbler credential is longer than {MaxLength:N0}.");
            if (openAI)
            {
                await OpenAIErrorResults.InvalidApiKey(message).ExecuteAsync(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            var written = await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = message },
            });
            if (!written)
            {
                // The caller accepts no JSON.
                await context.Response.WriteAsync(message, context.RequestAborted);
            }

            return;
        }

        await next(context);
    }

    private static (string Name, int Length)? TooLong(IHeaderDictionary headers)
    {
        foreach (var name in CredentialHeaders)
        {
            // Repeated headers count together, as a reader joining them would see them.
            var length = 0;
            foreach (var value in headers[name])
            {
                length += value?.Length ?? 0;
            }

            if (length > MaxLength)
            {
                return (name, length);
            }
        }

        return null;
    }

    [LoggerMessage(1, LogLevel.Debug, "Refused a request whose {Header} header is {Length} characters long.")]
    private static partial void RefusedCredential(ILogger logger, string header, int length);
}
