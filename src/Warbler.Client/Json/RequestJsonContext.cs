using System.Text.Json;
using System.Text.Json.Serialization;
using Warbler.Contracts.Auth;
using Warbler.Contracts.Conversations;
using Warbler.Contracts.Messages;
using Warbler.Contracts.Rooms;
using Warbler.Contracts.Users;

namespace Warbler.Client.Json;

/// <summary>The JSON of the request bodies the client sends, generated at build time like <see cref="WarblerJsonContext"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CredentialsRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(SignOnTokenRequest))]
[JsonSerializable(typeof(UpdateMeRequest))]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(UpdateRoomRequest))]
[JsonSerializable(typeof(MarkReadRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageRequest))]
[JsonSerializable(typeof(ConversationRequest))]
internal sealed partial class RequestJsonContext : JsonSerializerContext;
