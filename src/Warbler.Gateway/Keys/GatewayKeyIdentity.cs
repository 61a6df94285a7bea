using System.Security.Claims;

namespace Warbler.Gateway.Keys;

/// <summary>
/// A caller signed in with one of Warbler's keys: the identity carries the key itself, so whoever
/// serves the request reads its models, limits and id from memory, not from claims.
/// </summary>
internal sealed class GatewayKeyIdentity(CallerKey key, string authenticationType) : ClaimsIdentity(authenticationType)
{
    public CallerKey Key { get; } = key;

    public override string? Name => Key.Name;
}
