using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Where translated Responses meet their store: <see cref="ResolvePrevious"/> turns a
/// <c>previous_response_id</c> into the conversation so far, and <see cref="SaverFor"/> keeps a
/// completed response. No store is registered yet, so a continuation is refused with a 400 and
/// nothing is kept; stored responses plug in here. Providers that have Responses keep their own.
/// </summary>
internal static class ResponseStorage
{
    /// <summary>Refuses a continuation while no store keeps earlier responses.</summary>
    public static void ResolvePrevious(ResponsesRequest request)
    {
        if (request["previous_response_id"] is { } previous && previous.GetValueKind() != JsonValueKind.Null)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidRequest(
                "previous_response_id is not supported yet for this model: send the earlier turns in 'input' instead.", "previous_response_id", "unsupported_parameter"));
        }
    }

    /// <summary>What to call with the finished response object's JSON to keep it; null while there is no store.</summary>
    public static Action<ReadOnlyMemory<byte>>? SaverFor(HttpContext context, ResponsesRequest request)
    {
        _ = context;
        _ = request;
        return null;
    }
}
