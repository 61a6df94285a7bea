using Microsoft.AspNetCore.Builder;

namespace Warbler.Gateway.Keys;

public static class AdminKeyEndpointExtensions
{
    /// <summary>
    /// Lets requests through only with the admin key, as <c>/api/admin</c> does: 401 or 403
    /// ProblemDetails otherwise. For other areas' admin endpoints.
    /// </summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter<TBuilder, AdminKeyFilter>();
}
