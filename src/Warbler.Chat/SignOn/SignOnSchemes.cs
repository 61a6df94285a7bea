namespace Warbler.Chat.SignOn;

/// <summary>The names a provider goes by: its authentication scheme, its login provider name in <c>user_logins</c>, its callback path.</summary>
internal static class SignOnSchemes
{
    public const string Prefix = "/api/auth/sign-on";

    public static string For(string provider) => "SignOn." + Login(provider);

    /// <summary>The provider's name as stored with the user's external login (<c>user_logins.LoginProvider</c>).</summary>
    public static string Login(string provider) => provider.ToLowerInvariant();

    /// <summary>The redirect URI to register with the provider is the server's public URL followed by this.</summary>
    public static string CallbackPath(string provider) => $"{Prefix}/{Login(provider)}/callback";
}
