using Warbler.Client.Json;
using Warbler.Contracts.Users;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>The signed-in user (<c>GET /api/me</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user.</returns>
    public Task<User> GetMeAsync(CancellationToken cancellationToken = default) =>
        GetAsync("api/me", WarblerJsonContext.Default.User, cancellationToken);

    /// <summary>Changes the name other people see (<c>PATCH /api/me</c>).</summary>
    /// <param name="displayName">The new name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user as changed.</returns>
    public Task<User> SetDisplayNameAsync(string displayName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        return SendJsonAsync(HttpMethod.Patch, "api/me", new UpdateMeRequest(displayName), RequestJsonContext.Default.UpdateMeRequest, WarblerJsonContext.Default.User, cancellationToken);
    }

    /// <summary>Finds people to add to a room, by their whole email or a part of their display name (<c>GET /api/users?q=</c>).</summary>
    /// <param name="query">A whole email, or a part of a display name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Up to 20 users other than the caller, by display name.</returns>
    public async Task<IReadOnlyList<UserSummary>> SearchUsersAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await GetAsync("api/users" + Query(("q", query)), WarblerJsonContext.Default.ListUserSummary, cancellationToken).ConfigureAwait(false);
    }
}
