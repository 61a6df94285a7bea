using Microsoft.AspNetCore.Diagnostics;

namespace Warbler.Gateway.Errors;

/// <summary>The error format a <c>/v1</c> route answers in; routes say theirs with <see cref="ErrorDialectMetadata"/>, OpenAI's by default.</summary>
internal enum ErrorDialect
{
    OpenAI,

    /// <summary><c>{"type":"error","error":{"type","message"}}</c>, as Anthropic's Messages API answers.</summary>
    Anthropic,
}

/// <summary>Endpoint metadata naming a route's <see cref="ErrorDialect"/>.</summary>
internal sealed record ErrorDialectMetadata(ErrorDialect Dialect)
{
    public static readonly ErrorDialectMetadata Anthropic = new(ErrorDialect.Anthropic);

    /// <summary>
    /// The dialect of the route the request was matched to; in the exception handler, of the route
    /// that failed (the handler clears the endpoint but keeps it on its feature).
    /// </summary>
    public static ErrorDialect Of(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<ErrorDialectMetadata>()?.Dialect
            ?? ErrorDialect.OpenAI;
}
