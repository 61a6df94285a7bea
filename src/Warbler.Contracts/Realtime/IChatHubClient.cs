using Warbler.Contracts.Messages;
using Warbler.Contracts.Rooms;

namespace Warbler.Contracts.Realtime;

/// <summary>
/// The events the chat hub (<c>/hubs/chat</c>) sends to its clients. A method's name is the event's
/// name on the wire, exactly as clients listen for it (SignalR matches names as written: the .NET
/// client case-sensitively), hence the lowercase first letters; its parameters are the event's
/// arguments, in order.
/// </summary>
#pragma warning disable IDE1006 // The names are the wire names.
public interface IChatHubClient
{
    /// <summary>A message was stored (by anyone), or a bot reply started (status <c>streaming</c>, no text yet).</summary>
    Task messageCreated(Message message);

    /// <summary>The next piece of a bot reply's text; appended in order, they make the text.</summary>
    Task messageDelta(Guid roomId, long messageId, string text);

    /// <summary>A bot reply ended (complete, stopped or failed), as stored with its whole text.</summary>
    Task messageCompleted(Message message);

    /// <summary>A bot reply called a tool (status <c>running</c>), or that call ended (<c>ok</c>, <c>error</c>, <c>timed-out</c>); the steps also come with <c>messageCompleted</c>.</summary>
    Task toolStep(Guid roomId, long messageId, ToolStep step);

    /// <summary>A message was edited, or a reply is being written again (deltas and a completion follow).</summary>
    Task messageUpdated(Message message);

    /// <summary>A message was recalled by its writer: it is gone for everyone.</summary>
    Task messageDeleted(Guid roomId, long messageId);

    /// <summary>Someone else in the room is typing.</summary>
    Task typing(Guid roomId, Guid userId);

    /// <summary>A member has read up to a message.</summary>
    Task readReceipt(Guid roomId, Guid userId, long messageId);

    /// <summary>A room was created with the user, or its title, bots or members changed (its unread count is not counted here: 0).</summary>
    Task roomUpdated(Room room);

    /// <summary>The user is no longer in a room: they left it, or its owner deleted it.</summary>
    Task roomRemoved(Guid roomId);

    /// <summary>The user's spending, or a team's they belong to, passed 80 % or 100 % of a budget.</summary>
    Task budgetAlert(BudgetAlert alert);
}
#pragma warning restore IDE1006
