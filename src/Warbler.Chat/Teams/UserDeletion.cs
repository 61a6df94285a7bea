using Warbler.Gateway.Admin;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.Teams;

/// <summary>What goes with a deleted user: their keys (which have no foreign key to follow them) and their memberships' place in the limits.</summary>
internal sealed class UserDeletion(OwnedKeys keys, SpendingLimitsDirectory directory)
{
    public async Task DeletedAsync(Guid userId, CancellationToken cancellationToken)
    {
        await keys.RevokeAllAsync(userId, null, cancellationToken);
        await directory.ChangedAsync(cancellationToken);
    }
}
