using Microsoft.Net.Http.Headers;

namespace Warbler.Chat.Auth;

/// <summary>
/// Browsers cannot set headers on WebSockets and server-sent events, so SignalR clients send the
/// bearer token as the <c>access_token</c> query parameter. It is read on <c>/hubs</c> only: a
/// token in any other URL is ignored, as such URLs end up in logs and browser histories.
/// </summary>
internal static class HubAccessToken
{
    public const string QueryName = "access_token";

    public static string? Find(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        && context.Request.Query[QueryName].ToString() is { Length: > 0 } token
            ? token
            : null;

    /// <summary>Whether the request carries a bearer token, in the <c>Authorization</c> header or (on <c>/hubs</c>) the query.</summary>
    public static bool IsSent(HttpContext context) =>
        context.Request.Headers[HeaderNames.Authorization].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || Find(context) is not null;
}
