using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Warbler.Chat.Spending;

/// <summary>The <c>Warbler-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string Header = "Warbler-Signature";

    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return FormattableString.Invariant($"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
    }
}
