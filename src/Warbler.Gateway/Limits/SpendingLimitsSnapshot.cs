using System.Collections.Frozen;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Users' and teams' limits, who is in which team (each user's teams by join date) and which bots
/// are limited to which teams: read from the database at once and swapped whole, so a request sees
/// one consistent state without locking.
/// </summary>
internal sealed record SpendingLimitsSnapshot(
    FrozenDictionary<Guid, KeyLimits> Users,
    FrozenDictionary<Guid, KeyLimits> Teams,
    FrozenDictionary<Guid, Guid[]> TeamsOfUser,
    FrozenDictionary<Guid, FrozenSet<Guid>> TeamsOfBot)
{
    public static readonly SpendingLimitsSnapshot Empty = new(
        FrozenDictionary<Guid, KeyLimits>.Empty, FrozenDictionary<Guid, KeyLimits>.Empty,
        FrozenDictionary<Guid, Guid[]>.Empty, FrozenDictionary<Guid, FrozenSet<Guid>>.Empty);
}
