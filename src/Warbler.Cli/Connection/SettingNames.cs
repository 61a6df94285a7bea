namespace Warbler.Cli.Connection;

/// <summary>
/// The variables the tool reads, in the environment or in <c>./.env</c>. They are the tool's own:
/// the server reads <c>OPENAI_*</c> for its upstream provider, so sharing those names would turn a
/// <c>.env</c> written for the tool into a provider for a server started in the same folder.
/// </summary>
internal static class SettingNames
{
    public const string Url = "WARBLER_URL";
    public const string ApiKey = "WARBLER_API_KEY";
    public const string AdminKey = "WARBLER_ADMIN_KEY";
    public const string Model = "WARBLER_MODEL";

    /// <summary>What the tool read before it had names of its own, and what replaces each.</summary>
    public static readonly (string Old, string New)[] Renamed =
    [
        ("OPENAI_BASE_URL", Url),
        ("OPENAI_API_KEY", ApiKey),
        ("OPENAI_MODEL", Model),
    ];

    public static readonly string[] All = [Url, ApiKey, AdminKey, Model];
}
