namespace Warbler.Chat.Realtime;

/// <summary>The names of the events the hub sends to clients, exactly as clients listen for them.</summary>
public static class HubEventNames
{
    /// <summary><c>messageCreated(message)</c>: a message was stored, or a bot reply started (status <c>streaming</c>, no text yet).</summary>
    public const string MessageCreated = "messageCreated";

    /// <summary><c>messageDelta(roomId, messageId, text)</c>: the next piece of a bot reply.</summary>
    public const string MessageDelta = "messageDelta";

    /// <summary><c>messageCompleted(message)</c>: a bot reply ended (complete, stopped or failed), as stored.</summary>
    public const string MessageCompleted = "messageCompleted";

    /// <summary><c>messageUpdated(message)</c>: a message was edited, or a reply is being written again.</summary>
    public const string MessageUpdated = "messageUpdated";

    /// <summary><c>messageDeleted(roomId, messageId)</c>: a message was recalled by its writer.</summary>
    public const string MessageDeleted = "messageDeleted";

    /// <summary><c>typing(roomId, userId)</c>: someone is typing.</summary>
    public const string Typing = "typing";

    /// <summary><c>readReceipt(roomId, userId, messageId)</c>: a member has read up to a message.</summary>
    public const string ReadReceipt = "readReceipt";

    /// <summary><c>roomUpdated(room)</c>: a room was created with you, or its title, bots or members changed.</summary>
    public const string RoomUpdated = "roomUpdated";

    /// <summary><c>roomRemoved(roomId)</c>: you are no longer in a room: you left it, or its owner deleted it.</summary>
    public const string RoomRemoved = "roomRemoved";
}
