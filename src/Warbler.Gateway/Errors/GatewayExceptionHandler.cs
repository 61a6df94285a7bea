using Microsoft.AspNetCore.Diagnostics;
using Warbler.Data;
using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Errors;

/// <summary>
/// Answers failures on <c>/v1</c> in OpenAI's error shape: a malformed HTTP request keeps its
/// 4xx status, and a real bug is a 500 that names the request id to report.
/// </summary>
internal sealed class GatewayExceptionHandler(IOptions<GatewayOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments(GatewayPaths.Prefix) || httpContext.Response.HasStarted)
        {
            return false;
        }

        if (StorageFailure.IsUnavailable(exception))
        {
            await new OpenAIErrorResult(OpenAIError.DatabaseUnavailable(), StorageFailure.RetryAfter).ExecuteAsync(httpContext);
            return true;
        }

        var error = exception switch
        {
            OpenAIErrorException known => known.Error,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => OpenAIError.BodyTooLarge(options.Value.MaxRequestBodyBytes),
            BadHttpRequestException bad => new OpenAIError(bad.StatusCode, $"The HTTP request is malformed: {bad.Message}", "invalid_request_error"),
            _ => new OpenAIError(StatusCodes.Status500InternalServerError,
                $"Warbler hit an internal error. Please report it with the request id {httpContext.TraceIdentifier}.", "server_error"),
        };
        await new OpenAIErrorResult(error).ExecuteAsync(httpContext);
        return true;
    }
}
