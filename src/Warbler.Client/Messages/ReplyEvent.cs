using Warbler.Contracts.Messages;

namespace Warbler.Client.Messages;

/// <summary>
/// One event of a send (or a regeneration) streamed as server-sent events: the stored message,
/// then each bot reply as it starts, its text as it is written, and the reply as stored.
/// </summary>
public abstract record ReplyEvent;

/// <summary>The message sent, as stored (<c>message</c>).</summary>
/// <param name="Message">The stored message.</param>
public sealed record MessageStored(Message Message) : ReplyEvent;

/// <summary>A bot started a reply (<c>reply</c>): status <c>streaming</c>, no text yet.</summary>
/// <param name="Reply">The reply as it starts.</param>
public sealed record ReplyStarted(Message Reply) : ReplyEvent;

/// <summary>The next piece of a bot reply's text (<c>delta</c>); appended in order, they make the text.</summary>
/// <param name="MessageId">The reply the text belongs to.</param>
/// <param name="Text">The piece of text.</param>
public sealed record ReplyDelta(long MessageId, string Text) : ReplyEvent;

/// <summary>A bot reply's call of a tool started or ended (<c>step</c>); a later one with the same <see cref="ToolStep.Index"/> replaces it.</summary>
/// <param name="MessageId">The reply the call belongs to.</param>
/// <param name="Step">The call.</param>
public sealed record ReplyToolStep(long MessageId, ToolStep Step) : ReplyEvent;

/// <summary>A bot reply ended (<c>completed</c>): <c>complete</c>, <c>stopped</c> or <c>failed</c>, as stored.</summary>
/// <param name="Reply">The reply as stored, with its whole text.</param>
public sealed record ReplyCompleted(Message Reply) : ReplyEvent;
