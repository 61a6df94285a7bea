namespace Warbler.Gateway.Errors;

/// <summary>Turns an <see cref="OpenAIErrorException"/> thrown by a <c>/v1</c> handler into its error JSON.</summary>
internal sealed class OpenAIErrorEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (OpenAIErrorException exception) when (!context.HttpContext.Response.HasStarted)
        {
            return OpenAIErrorResult.From(exception);
        }
    }
}
