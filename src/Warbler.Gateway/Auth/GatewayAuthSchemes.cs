namespace Warbler.Gateway.Auth;

/// <summary>The gateway's authentication schemes: Warbler's keys, read from <c>Authorization: Bearer</c> or <c>api-key</c>.</summary>
public static class GatewayAuthSchemes
{
    /// <summary>Any live key, the admin key included; refusals in OpenAI's error shape. For <c>/v1</c>.</summary>
    public const string GatewayKey = "Warbler.GatewayKey";

    /// <summary>The admin key alone; any other credential is no result, and the scheme writes no answer of its own. For routes that also take users.</summary>
    public const string AdminKey = "Warbler.AdminKey";

    /// <summary>
    /// The admin API's credential: a live key, or a signed-in user through the scheme named by
    /// <see cref="AdminApiAuthenticationOptions.UserScheme"/>; refusals are ProblemDetails. For <c>/api/admin</c>.
    /// </summary>
    public const string AdminApi = "Warbler.AdminApi";

    /// <summary>As <see cref="AdminApi"/>, but keys only: for what only whoever holds the admin key may do.</summary>
    public const string AdminApiKeys = "Warbler.AdminApi.Keys";
}
