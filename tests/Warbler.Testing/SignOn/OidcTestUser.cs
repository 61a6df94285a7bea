namespace Warbler.Testing.SignOn;

/// <summary>A person at <see cref="OidcTestProvider"/>: what its ID tokens say about them.</summary>
public sealed record OidcTestUser(string Subject, string? Email = null, bool EmailVerified = true, string? Name = null, string? Picture = null, IReadOnlyList<string>? Groups = null);
