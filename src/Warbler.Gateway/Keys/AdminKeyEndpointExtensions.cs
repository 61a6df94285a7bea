using Microsoft.AspNetCore.Builder;

namespace Warbler.Gateway.Keys;

public static class AdminKeyEndpointExtensions
{
    /// <summary>
    /// Lets requests through only with the admin key: 401 or 403 ProblemDetails otherwise. For
    /// what only whoever holds the admin key may do, such as managing users and who is an admin.
    /// </summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(new AdminKeyFilter(acceptAdminUsers: false));

    /// <summary>
    /// Lets requests through with the admin key or from a signed-in user with the admin role (when
    /// an <see cref="IAdminUserCheck"/> is registered): 401 or 403 ProblemDetails otherwise.
    /// </summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AddEndpointFilter(new AdminKeyFilter(acceptAdminUsers: true));
}
