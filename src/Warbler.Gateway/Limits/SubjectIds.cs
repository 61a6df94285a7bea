namespace Warbler.Gateway.Limits;

/// <summary>
/// The ids the counters of a user's and of a team's limits are kept under. A user's own id already
/// names the counters of <c>Chat:UserLimits</c> on bot replies, so each level gets an id of its
/// own, derived from the user's or team's (random) id by a fixed mask: distinct, and the same on
/// every server.
/// </summary>
internal static class SubjectIds
{
    private static readonly Guid UserMask = new("5e1f0a3c-9b7d-4c21-8e6f-1a2b3c4d5e6f");
    private static readonly Guid TeamMask = new("7a3e91d2-04b6-4f58-b3c7-d9e0f1a2b3c4");

    public static Guid User(Guid userId) => Mask(userId, UserMask);

    public static Guid Team(Guid teamId) => Mask(teamId, TeamMask);

    private static Guid Mask(Guid id, Guid mask)
    {
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> masks = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        mask.TryWriteBytes(masks);
        for (var i = 0; i < 16; i++)
        {
            bytes[i] ^= masks[i];
        }

        return new Guid(bytes);
    }
}
