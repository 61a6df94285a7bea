namespace Warbler.Data.Tools;

/// <summary>
/// An MCP server that bots may call tools of, registered by an admin. Its headers and bearer token
/// are stored only as Data Protection ciphertext, as providers' API keys are.
/// </summary>
public sealed class McpServer
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The name in upper case, unique, so names differing only in case collide.</summary>
    public required string NormalizedName { get; set; }

    /// <summary><c>http</c> (Streamable HTTP) or <c>stdio</c> (a command the server starts).</summary>
    public required string Transport { get; set; }

    /// <summary>The endpoint of an <c>http</c> server.</summary>
    public string? Url { get; set; }

    /// <summary>Headers sent to an <c>http</c> server (a JSON object of names and values), protected; null when none.</summary>
    public string? ProtectedHeaders { get; set; }

    /// <summary>The bearer token sent to an <c>http</c> server, protected; null when none.</summary>
    public string? ProtectedBearerToken { get; set; }

    /// <summary>The command of a <c>stdio</c> server.</summary>
    public string? Command { get; set; }

    /// <summary>The arguments of a <c>stdio</c> server's command, as a JSON array of strings.</summary>
    public string? Arguments { get; set; }

    /// <summary>A disabled server stays registered, but its tools are offered to no bot.</summary>
    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public static string Normalize(string name) => name.ToUpperInvariant();
}
