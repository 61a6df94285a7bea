using Warbler.Data.Knowledge;

namespace Warbler.Chat.Knowledge;

/// <summary>What retrieval found for a reply: the text added to the bot's instructions, and the passages as the reply's sources.</summary>
internal sealed record RetrievedKnowledge(string Prompt, IReadOnlyList<MessageSource> Sources);
