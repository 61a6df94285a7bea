using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Warbler.Chat.Tools;

/// <summary>
/// Encrypts the headers and bearer tokens of MCP servers with ASP.NET Core Data Protection, whose key
/// ring is kept in the database, as the gateway encrypts providers' API keys (with a purpose of its own).
/// </summary>
internal sealed class McpSecretProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "Warbler.Tools.McpServer.Secrets";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string? ProtectToken(string? token) => string.IsNullOrEmpty(token) ? null : _protector.Protect(token);

    public string? ProtectHeaders(IReadOnlyDictionary<string, string>? headers) =>
        headers is null || headers.Count == 0 ? null : _protector.Protect(JsonSerializer.Serialize(headers));

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring no longer holds the key that protected it, or it was altered.</exception>
    public string? UnprotectToken(string? protectedToken) => protectedToken is null ? null : _protector.Unprotect(protectedToken);

    /// <exception cref="System.Security.Cryptography.CryptographicException">As <see cref="UnprotectToken"/>.</exception>
    public Dictionary<string, string> UnprotectHeaders(string? protectedHeaders) =>
        protectedHeaders is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedHeaders)) ?? [];
}
