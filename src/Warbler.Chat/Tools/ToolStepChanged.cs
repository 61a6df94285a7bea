using Warbler.Chat.Events;
using ToolStepResponse = Warbler.Contracts.Messages.ToolStep;

namespace Warbler.Chat.Tools;

/// <summary>A bot reply's tool call started or ended.</summary>
public sealed record ToolStepChanged(Guid RoomId, long MessageId, ToolStepResponse Step) : ChatEvent(RoomId);
