namespace Warbler.Gateway.Keys;

/// <summary>The admin key from <c>WARBLER_ADMIN_KEY</c>, if one is set.</summary>
internal sealed class AdminKeyOptions
{
    public const string ConfigurationKey = "WARBLER_ADMIN_KEY";

    public const int MinLength = 16;

    public string? AdminKey { get; set; }
}

internal sealed class AdminKeyOptionsValidator : IValidateOptions<AdminKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminKeyOptions options) =>
        options.AdminKey is { } key && (key.Trim().Length < AdminKeyOptions.MinLength || key.Trim().Length > KeyHash.MaxSecretLength)
            ? ValidateOptionsResult.Fail($"{AdminKeyOptions.ConfigurationKey} must be {AdminKeyOptions.MinLength} to {KeyHash.MaxSecretLength} characters long.")
            : ValidateOptionsResult.Success;
}
