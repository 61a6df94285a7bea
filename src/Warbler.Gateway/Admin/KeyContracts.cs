using Warbler.Data.Keys;

namespace Warbler.Gateway.Admin;

/// <summary>The body of <c>POST /api/admin/keys</c>.</summary>
public sealed record CreateKeyRequest(string? Name, List<string>? Models, DateTimeOffset? ExpiresAt);

/// <summary>A key as the admin API shows it: never its secret.</summary>
public sealed record KeyResponse(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Models,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    public static KeyResponse From(ApiKey key) => new(
        key.Id,
        key.Name,
        key.Prefix,
        key.Models,
        AsUtc(key.CreatedAt),
        key.ExpiresAt is { } expiresAt ? AsUtc(expiresAt) : null,
        key.RevokedAt is { } revokedAt ? AsUtc(revokedAt) : null);

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>The answer to <c>POST /api/admin/keys</c>: the only time the secret is shown.</summary>
public sealed record CreatedKeyResponse(
    Guid Id,
    string Name,
    string Key,
    string Prefix,
    IReadOnlyList<string> Models,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);
