namespace Warbler.Data.SignOn;

/// <summary>
/// A one-time code the server gave a command-line sign-on, exchanged once for tokens. Only its hash
/// is stored; exchanging it deletes the row, so it is single use on every node.
/// </summary>
public sealed class SignOnCode
{
    /// <summary>SHA-256 of the code, hex.</summary>
    public required string CodeHash { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The PKCE challenge (S256, base64url) the command-line tool sent when it started; the exchange must bring its verifier.</summary>
    public required string Challenge { get; set; }

    public DateTime ExpiresAt { get; set; }
}
