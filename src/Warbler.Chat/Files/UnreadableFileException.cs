namespace Warbler.Chat.Files;

/// <summary>A document that cannot be read; the message says why, in words for people (fit for a 4xx body).</summary>
public sealed class UnreadableFileException(string message) : Exception(message);
