namespace Warbler.Data.Providers;

/// <summary>
/// A provider added at run time through the admin API. Its settings are one JSON document whose
/// shape the gateway owns; its API key is stored only as Data Protection ciphertext.
/// </summary>
public sealed class StoredProvider
{
    public Guid Id { get; set; }

    /// <summary>The name as it was given.</summary>
    public required string Name { get; set; }

    /// <summary>The name in upper case, unique, so names differing only in case collide as configuration names do.</summary>
    public required string NormalizedName { get; set; }

    /// <summary>A disabled provider stays stored and listed but serves nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The non-secret settings (kind, URL, models, aliases, priority, timeouts…) as JSON.</summary>
    public required string Settings { get; set; }

    /// <summary>The API key protected with ASP.NET Core Data Protection; null when the provider needs none.</summary>
    public string? ProtectedApiKey { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public static string Normalize(string name) => name.ToUpperInvariant();
}
