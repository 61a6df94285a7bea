namespace Warbler.Gateway.Keys;

/// <summary>What a request's credential looks like, for surfaces that explain a refusal (Chat's 401s).</summary>
public static class KeyCredentials
{
    /// <summary>True when the request sends a Warbler key (<c>wk-…</c>), valid or not.</summary>
    public static bool PresentsWarblerKey(HttpRequest request) => KeyAuthenticator.PresentsWarblerKey(request);
}
