namespace Warbler.Gateway.Providers;

/// <summary>Where a provider was defined.</summary>
internal enum ProviderSource
{
    /// <summary>The <c>Providers</c> section or <c>OPENAI_API_KEY</c>; changed only there.</summary>
    Configuration,

    /// <summary>Added through <c>/api/admin/providers</c> and stored in the database.</summary>
    Database,

    /// <summary>The built-in offline provider, present while there is no other.</summary>
    Demo,
}
