namespace Warbler.Server.Hosting;

/// <summary>The <c>Cors</c> configuration section: which web pages on other origins may call Warbler from a browser.</summary>
public sealed class WarblerCorsOptions
{
    public const string SectionName = "Cors";

    /// <summary>
    /// Origins whose pages may call the OpenAI-compatible <c>/v1</c> API; unset, every origin, as
    /// OpenAI's own API allows: a request carries its key in a header, never a cookie, so a page can
    /// use only a key it was given. An empty list allows none.
    /// </summary>
    public string[]? GatewayOrigins { get; set; }

    /// <summary>
    /// Origins whose pages may call the chat and admin APIs (<c>/api</c>, <c>/chat</c>, <c>/hubs</c>),
    /// with the user's cookie. None by default: the web app is served from Warbler's own origin and
    /// needs none; list the exact origins of other front ends (e.g. <c>https://chat.example.com</c>).
    /// </summary>
    public string[] ChatOrigins { get; set; } = [];
}
