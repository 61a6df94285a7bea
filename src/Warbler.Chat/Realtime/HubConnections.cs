using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Warbler.Contracts.Realtime;

namespace Warbler.Chat.Realtime;

/// <summary>
/// The hub connections open on this server, by user, so that when someone joins or leaves a room
/// all their connections join or leave its group. Each user's changes are made one at a time: a
/// connection being set up reads its rooms from the database while no membership change of that
/// user can slip between the read and the joining.
/// </summary>
internal sealed class HubConnections(IHubContext<ChatHub, IChatHubClient> hub)
{
    private readonly ConcurrentDictionary<Guid, UserConnections> _users = new();

    /// <summary>Adds a new connection, then has it join the groups of every room <paramref name="roomsOf"/> reads.</summary>
    /// <returns>How many rooms it joined.</returns>
    public async Task<int> ConnectAsync(Guid userId, string connectionId, Func<Task<List<Guid>>> roomsOf)
    {
        var user = (await LockAsync(userId, create: true))!;
        try
        {
            user.ConnectionIds.Add(connectionId);
            var rooms = await roomsOf();
            foreach (var roomId in rooms)
            {
                await hub.Groups.AddToGroupAsync(connectionId, RoomGroups.Of(roomId));
            }

            return rooms.Count;
        }
        catch
        {
            // SignalR does not call OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
            user.ConnectionIds.Remove(connectionId);
            throw;
        }
        finally
        {
            Unlock(userId, user);
        }
    }

    public async Task DisconnectAsync(Guid userId, string connectionId)
    {
        if (await LockAsync(userId, create: false) is { } user)
        {
            user.ConnectionIds.Remove(connectionId);
            Unlock(userId, user);
        }
    }

    /// <summary>Has every connection of these users on this server join the room's group.</summary>
    public Task JoinAsync(Guid roomId, IEnumerable<Guid> userIds) =>
        ForEachConnectionAsync(userIds, connectionId => hub.Groups.AddToGroupAsync(connectionId, RoomGroups.Of(roomId)));

    /// <summary>Has every connection of these users on this server leave the room's group.</summary>
    public Task LeaveAsync(Guid roomId, IEnumerable<Guid> userIds) =>
        ForEachConnectionAsync(userIds, connectionId => hub.Groups.RemoveFromGroupAsync(connectionId, RoomGroups.Of(roomId)));

    private async Task ForEachConnectionAsync(IEnumerable<Guid> userIds, Func<string, Task> action)
    {
        foreach (var userId in userIds)
        {
            // A user with no entry has no connection here; one connecting now reads its rooms after this change was stored.
            if (await LockAsync(userId, create: false) is not { } user)
            {
                continue;
            }

            try
            {
                foreach (var connectionId in user.ConnectionIds)
                {
                    await action(connectionId);
                }
            }
            finally
            {
                Unlock(userId, user);
            }
        }
    }

    private async Task<UserConnections?> LockAsync(Guid userId, bool create)
    {
        while (true)
        {
            UserConnections? user;
            if (create)
            {
                user = _users.GetOrAdd(userId, static _ => new UserConnections());
            }
            else if (!_users.TryGetValue(userId, out user))
            {
                return null;
            }

            await user.Lock.WaitAsync();
            if (!user.Removed)
            {
                return user;
            }

            // Its last connection closed while this waited: start again with the entry that replaced it, if any.
            user.Lock.Release();
        }
    }

    private void Unlock(Guid userId, UserConnections user)
    {
        if (user.ConnectionIds.Count == 0)
        {
            user.Removed = true;
            _users.TryRemove(new KeyValuePair<Guid, UserConnections>(userId, user));
        }

        user.Lock.Release();
    }

    private sealed class UserConnections
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public HashSet<string> ConnectionIds { get; } = [];

        public bool Removed { get; set; }
    }
}
