using Warbler.Gateway.Configuration;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Engines;

/// <summary>
/// <c>POST /v1/engines/{model}/completions</c>, the URL of older tutorials. The model comes from
/// the path; the body holds <c>prompt</c> (a legacy completion) or <c>messages</c> (a chat, whose
/// answer also carries <c>choices[].text</c> so code written for this URL keeps working).
/// </summary>
internal static class EnginesEndpoint
{
    public static async Task<IResult> HandleAsync(string model, HttpContext context, CompletionRelay relay, IOptions<GatewayOptions> options)
    {
        using var body = await RequestBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        var fields = CheckedRequest.Scan(context, body, RequestShape.Engine, pathModel: model);
        var withModel = RequestBodies.WithModel(body.Span, model);
        return fields.HasMessages
            ? await relay.ChatAsync(context, fields, withModel, null, new ChatToCompletionTransform { KeepMessage = true })
            : await relay.CompletionAsync(context, fields, withModel, null);
    }
}
