namespace Warbler.Gateway.Metering;

/// <summary>
/// Told just before a whole answer's bytes go out (those of a stream end with the request):
/// a usage record journalled then is on disk before the client can have the answer's end.
/// </summary>
internal interface IAnswerEnding
{
    void Ending(HttpContext httpContext);
}

internal static class AnswerEnding
{
    /// <summary>Called by whatever writes a request's whole answer (with its length), before writing it.</summary>
    public static void Announce(HttpContext httpContext) =>
        httpContext.Features.Get<GatewayCall>()?.AnswerEnding?.Ending(httpContext);
}
