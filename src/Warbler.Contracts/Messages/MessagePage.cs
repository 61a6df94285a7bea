namespace Warbler.Contracts.Messages;

/// <summary>A page of a room's messages, oldest first.</summary>
/// <param name="Messages">The messages.</param>
/// <param name="HasMore">Whether there are more in the direction asked for.</param>
public sealed record MessagePage(IReadOnlyList<Message> Messages, bool HasMore);
