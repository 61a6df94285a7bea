using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Errors;

/// <summary>Writes an <see cref="OpenAIError"/> with its status code, in the error dialect of the route (OpenAI's unless it names another).</summary>
internal sealed class OpenAIErrorResult(OpenAIError error, TimeSpan? retryAfter = null) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public OpenAIError Error { get; } = error;

    public int? StatusCode => Error.StatusCode;

    public string ContentType => "application/json";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Error.StatusCode;
        response.ContentType = ContentType;
        if (retryAfter is { } delay)
        {
            RetryAfter.Write(response, delay);
        }

        var body = ErrorDialectMetadata.Of(httpContext) == ErrorDialect.Anthropic ? AnthropicErrorJson.ToUtf8Json(Error) : Error.ToUtf8Json();
        response.ContentLength = body.Length;
        AnswerEnding.Announce(httpContext);
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    public static OpenAIErrorResult From(OpenAIErrorException exception) => new(exception.Error, exception.RetryAfter);
}
