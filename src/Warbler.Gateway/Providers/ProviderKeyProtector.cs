using Microsoft.AspNetCore.DataProtection;

namespace Warbler.Gateway.Providers;

/// <summary>Encrypts stored provider keys with ASP.NET Core Data Protection, whose key ring is kept in the database.</summary>
internal sealed class ProviderKeyProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "Warbler.Providers.ApiKey";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string apiKey) => _protector.Protect(apiKey);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring does not hold the key that protected it, or it was altered.</exception>
    public string Unprotect(string protectedApiKey) => _protector.Unprotect(protectedApiKey);
}
