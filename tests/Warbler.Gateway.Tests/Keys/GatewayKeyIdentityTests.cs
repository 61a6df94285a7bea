using System.Security.Claims;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Tests.Keys;

/// <summary>The key that authenticated a request travels on its principal, wherever schemes put it.</summary>
public sealed class GatewayKeyIdentityTests
{
    private static readonly CallerKey Key = new(Guid.NewGuid(), "mobile app", "wk-abcdefgh", false, new HashSet<string>(), null, KeyLimits.None);

    [Fact]
    public void GetGatewayKey_KeySignedIn_ReturnsTheKeyNamedAsItsIdentity()
    {
        var principal = new ClaimsPrincipal(new GatewayKeyIdentity(Key, "Warbler.GatewayKey"));

        Assert.Same(Key, principal.GetGatewayKey());
        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.Equal("mobile app", principal.Identity.Name);
    }

    [Fact]
    public void FindGatewayKey_PrincipalMergedFromAUserAndAKey_FindsTheKey()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())], "Identity.Bearer"));
        principal.AddIdentity(new GatewayKeyIdentity(Key, "Warbler.AdminKey"));

        Assert.Same(Key, principal.FindGatewayKey());
    }

    [Fact]
    public void GetGatewayKey_NoKeySignedIn_Throws()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.Null(anonymous.FindGatewayKey());
        Assert.Throws<InvalidOperationException>(anonymous.GetGatewayKey);
    }
}
