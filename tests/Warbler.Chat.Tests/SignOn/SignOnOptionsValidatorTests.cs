using Warbler.Chat.SignOn;

namespace Warbler.Chat.Tests.SignOn;

/// <summary>A provider set up wrong stops the server at start with a message naming the setting.</summary>
public sealed class SignOnOptionsValidatorTests
{
    private static readonly SignOnOptionsValidator Validator = new();

    [Fact]
    public void Validate_AWorkingProvider_Succeeds()
    {
        var options = With("keycloak", new SignOnProvider { Authority = "https://sso.example.com/realms/acme", ClientId = "warbler" });

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("", "warbler", "openid profile", "Auth:SignOn:Providers:corp:Authority must be the provider's issuer URL")]
    [InlineData("http://sso.example.com/", "warbler", "openid profile", "Auth:SignOn:Providers:corp:Authority must use https")]
    [InlineData("https://sso.example.com/", "", "openid profile", "Auth:SignOn:Providers:corp:ClientId is required")]
    [InlineData("https://sso.example.com/", "warbler", "profile email", "Auth:SignOn:Providers:corp:Scopes must include openid")]
    public void Validate_AWrongSetting_NamesIt(string authority, string clientId, string scopes, string message)
    {
        var options = With("corp", new SignOnProvider { Authority = authority, ClientId = clientId, Scopes = scopes });

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AdminGroupsWithoutGroupsClaim_AsksForTheClaim()
    {
        var options = With("corp", new SignOnProvider { Authority = "http://127.0.0.1:8080/", ClientId = "warbler", AdminGroups = ["admins"] });

        Assert.Contains("Auth:SignOn:Providers:corp:GroupsClaim is required", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ANameThatCannotBeInAUrl_IsRefused()
    {
        var options = With("my provider", new SignOnProvider { Authority = "https://sso.example.com/", ClientId = "warbler" });

        Assert.Contains("a provider's name is 1 to 40 letters, digits or dashes", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PasswordSignInOffWithoutProviders_IsRefused()
    {
        var options = new SignOnOptions { PasswordSignIn = false };

        Assert.Contains("Auth:PasswordSignIn is false but no single sign-on provider is set", Validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }

    private static SignOnOptions With(string name, SignOnProvider provider)
    {
        var options = new SignOnOptions();
        options.SignOn.Providers[name] = provider;
        return options;
    }
}
