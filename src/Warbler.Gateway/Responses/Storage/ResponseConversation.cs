using System.Text.Json;
using Warbler.Data.Responses;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>What a <c>previous_response_id</c> continues.</summary>
/// <param name="Responses">The responses of the chain, oldest first; the last is the one named.</param>
/// <param name="Items">Their input items then output items, oldest first, as the next request's context.</param>
/// <param name="Truncated">True when the chain went back further than was followed.</param>
internal sealed record ResponseConversation(IReadOnlyList<StoredResponse> Responses, IReadOnlyList<JsonElement> Items, bool Truncated);
