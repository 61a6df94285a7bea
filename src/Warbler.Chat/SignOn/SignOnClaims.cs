using System.Security.Claims;
using Warbler.Data.Users;

namespace Warbler.Chat.SignOn;

/// <summary>What a sign-on reads from the provider's ID token (claims under their OpenID Connect names).</summary>
internal sealed record SignOnClaims(string? Subject, string? Email, bool EmailVerified, string? Name, string? AvatarUrl, IReadOnlyList<string> Groups)
{
    public static SignOnClaims From(ClaimsPrincipal principal, string? groupsClaim)
    {
        string? Value(string type) => principal.FindFirst(type)?.Value is { Length: > 0 } value ? value.Trim() : null;
        var email = Value("email");
        var verified = string.Equals(Value("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        var name = Clean(Value("name")) ?? Clean(Value("preferred_username"));
        var groups = string.IsNullOrWhiteSpace(groupsClaim)
            ? []
            : principal.FindAll(groupsClaim).Select(c => c.Value.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new SignOnClaims(Value("sub"), email, verified, name, Avatar(Value("picture")), groups);
    }

    /// <summary>A display name as the API allows one (1 to 100 characters, no control characters), or null.</summary>
    private static string? Clean(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var cleaned = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return cleaned.Length == 0 ? null : cleaned.Length <= UserLimits.DisplayNameMaxLength ? cleaned : cleaned[..UserLimits.DisplayNameMaxLength].TrimEnd();
    }

    /// <summary>Only an absolute http or https URL that fits the column: anything else (javascript:, data:) is dropped.</summary>
    private static string? Avatar(string? url) =>
        url is { Length: <= UserLimits.AvatarUrlMaxLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;
}
