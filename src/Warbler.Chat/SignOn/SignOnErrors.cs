namespace Warbler.Chat.SignOn;

/// <summary>
/// What a failed sign-on tells the web app in <c>/?signOnError=</c>: a code from this short list, which
/// the app words for people. A code rather than text, so a link cannot make the sign-in page say anything.
/// </summary>
internal static class SignOnErrors
{
    /// <summary>The provider refused or the answer did not check out (state, nonce, issuer, audience, a used code).</summary>
    public const string Failed = "failed";

    /// <summary>The provider could not be reached.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Warbler's database was busy or out of reach when the provider's answer came back.</summary>
    public const string StorageUnavailable = "storage-unavailable";

    /// <summary>An account has the email, but the provider does not say it is verified (or linking by email is off).</summary>
    public const string EmailTaken = "email-taken";

    /// <summary>The account is locked out or may not sign in.</summary>
    public const string Locked = "locked";

    public static string PagePath(string code) => "/?signOnError=" + Uri.EscapeDataString(code);
}
