using System.Text.Json;
using System.Text.Json.Serialization;
using Warbler.Contracts.Auth;
using Warbler.Contracts.Bots;
using Warbler.Contracts.Conversations;
using Warbler.Client.Messages;
using Warbler.Contracts.Messages;
using Warbler.Contracts.Realtime;
using Warbler.Contracts.Rooms;
using Warbler.Contracts.Users;

namespace Warbler.Client.Json;

/// <summary>
/// The JSON of Warbler's API, generated at build time so the client needs no reflection: it works
/// trimmed and compiled ahead of time (MAUI, Native AOT). Use it to store or send these types
/// yourself, for example <c>JsonSerializer.Serialize(tokens, WarblerJsonContext.Default.AccessTokens)</c>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AccessTokens))]
[JsonSerializable(typeof(SignOnProvidersResponse))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(List<UserSummary>))]
[JsonSerializable(typeof(Bot))]
[JsonSerializable(typeof(List<Bot>))]
[JsonSerializable(typeof(Room))]
[JsonSerializable(typeof(List<Room>))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(MessageAttachment))]
[JsonSerializable(typeof(List<MessageVersion>))]
[JsonSerializable(typeof(ReplyDelta))]
[JsonSerializable(typeof(ReplyToolStep))]
[JsonSerializable(typeof(ConversationReply))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(Guid[]))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(long?))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(BudgetAlert))]
public sealed partial class WarblerJsonContext : JsonSerializerContext;
