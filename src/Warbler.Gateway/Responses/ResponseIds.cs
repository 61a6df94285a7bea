using System.Security.Cryptography;

namespace Warbler.Gateway.Responses;

/// <summary>Ids in OpenAI's shapes: a prefix and 48 hex digits (<c>resp_…</c>, <c>msg_…</c>, <c>fc_…</c>).</summary>
internal static class ResponseIds
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
