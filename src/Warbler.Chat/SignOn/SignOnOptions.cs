namespace Warbler.Chat.SignOn;

/// <summary>How people sign in (the <c>Auth</c> section): with a password, and with OpenID Connect providers.</summary>
public sealed class SignOnOptions
{
    public const string SectionName = "Auth";

    /// <summary>Whether <c>POST /api/auth/register</c> creates accounts; false answers it 403 and hides the web app's sign-up form.</summary>
    public bool PasswordSignUp { get; set; } = true;

    /// <summary>Whether existing users may sign in with their password (<c>POST /api/auth/login</c>); false leaves single sign-on only.</summary>
    public bool PasswordSignIn { get; set; } = true;

    public SignOnSection SignOn { get; set; } = new();
}

/// <summary>The <c>Auth:SignOn</c> section.</summary>
public sealed class SignOnSection
{
    /// <summary>The OpenID Connect providers, by name (the name is in their URLs: letters, digits and dashes).</summary>
    public Dictionary<string, SignOnProvider> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
