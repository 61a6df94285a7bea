using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.SignOn;

namespace Warbler.Chat.SignOn;

/// <summary>
/// The one-time codes of command-line sign-ons: kept in the database (as a hash) so any node can
/// exchange one, for two minutes, once. Exchanging deletes the row, which only one request can do.
/// </summary>
internal sealed class SignOnCodes(WarblerDbContext db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public async Task<string> IssueAsync(Guid userId, string challenge, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.SignOnCodes.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.SignOnCodes.Add(new SignOnCode { CodeHash = Hash(code), UserId = userId, Challenge = challenge, ExpiresAt = now + Lifetime });
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    /// <summary>The user the code was issued for, or null when it is unknown, used, expired or the verifier does not match its challenge.</summary>
    public async Task<Guid?> RedeemAsync(string code, string verifier, CancellationToken cancellationToken)
    {
        var hash = Hash(code);
        var stored = await db.SignOnCodes.AsNoTracking().FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        // One try whatever its outcome: a wrong verifier uses the code up too.
        var deleted = await db.SignOnCodes.Where(c => c.CodeHash == hash).ExecuteDeleteAsync(cancellationToken);
        var fresh = stored.ExpiresAt > time.GetUtcNow().UtcDateTime;
        return deleted == 1 && fresh && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Challenge(verifier)), Encoding.ASCII.GetBytes(stored.Challenge))
            ? stored.UserId
            : null;
    }

    /// <summary>PKCE's S256: base64url(SHA-256(verifier)).</summary>
    public static string Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
