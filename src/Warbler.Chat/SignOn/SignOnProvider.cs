namespace Warbler.Chat.SignOn;

/// <summary>One OpenID Connect provider (<c>Auth:SignOn:Providers:{name}</c>).</summary>
public sealed class SignOnProvider
{
    /// <summary>The name on the button: "Sign in with {DisplayName}". The provider's name when empty.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The issuer URL; its <c>/.well-known/openid-configuration</c> is read at the first sign-in.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>The client secret, for confidential clients; never logged or shown.</summary>
    public string? ClientSecret { get; set; }

    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The claim that lists the user's groups or roles (such as <c>groups</c> or <c>roles</c>).</summary>
    public string? GroupsClaim { get; set; }

    /// <summary>Values of the groups claim that make the user an admin. When set, every sign-in gives or takes the admin role.</summary>
    public List<string> AdminGroups { get; set; } = [];

    /// <summary>Value of the groups claim → name of the Warbler team the user joins while they have it.</summary>
    public Dictionary<string, string> TeamGroups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every group joins the existing team of the same name (compared without regard to case).</summary>
    public bool TeamsFromGroups { get; set; }

    /// <summary>Link a first sign-in to the existing account with the same email, when the provider says the email is verified.</summary>
    public bool LinkByEmail { get; set; } = true;

    public string ShownName(string name) => string.IsNullOrWhiteSpace(DisplayName) ? name : DisplayName.Trim();

    public bool MapsGroups => AdminGroups.Count > 0 || TeamGroups.Count > 0 || TeamsFromGroups;
}
