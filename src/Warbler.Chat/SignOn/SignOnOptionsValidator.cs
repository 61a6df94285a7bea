using System.Text.RegularExpressions;

namespace Warbler.Chat.SignOn;

/// <summary>Stops the server at start when a provider is set up wrong, naming the setting.</summary>
internal sealed partial class SignOnOptionsValidator : IValidateOptions<SignOnOptions>
{
    public ValidateOptionsResult Validate(string? name, SignOnOptions options)
    {
        var failures = new List<string>();
        foreach (var (provider, settings) in options.SignOn.Providers)
        {
            var prefix = $"Auth:SignOn:Providers:{provider}";
            if (!ProviderName().IsMatch(provider))
            {
                failures.Add($"{prefix}: a provider's name is 1 to 40 letters, digits or dashes (it is part of its URLs).");
            }

            if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                failures.Add($"{prefix}:Authority must be the provider's issuer URL (https://…), such as https://login.example.com/realms/acme.");
            }
            else if (authority.Scheme == "http" && !authority.IsLoopback)
            {
                failures.Add($"{prefix}:Authority must use https (http is accepted only for a provider on this machine, 127.0.0.1 or localhost).");
            }

            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                failures.Add($"{prefix}:ClientId is required: the client id the provider gave Warbler.");
            }

            if (!SignOnScopes.Split(settings.Scopes).Contains("openid"))
            {
                failures.Add($"{prefix}:Scopes must include openid (the default is \"openid profile email\").");
            }

            if (settings.MapsGroups && string.IsNullOrWhiteSpace(settings.GroupsClaim))
            {
                failures.Add($"{prefix}:GroupsClaim is required with AdminGroups, TeamGroups or TeamsFromGroups: the claim that lists the groups, such as groups or roles.");
            }

            if (settings.DisplayName.Length > 100)
            {
                failures.Add($"{prefix}:DisplayName is at most 100 characters.");
            }
        }

        if (!options.PasswordSignIn && options.SignOn.Providers.Count == 0)
        {
            failures.Add("Auth:PasswordSignIn is false but no single sign-on provider is set (Auth:SignOn:Providers): nobody could sign in.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$")]
    private static partial Regex ProviderName();
}
