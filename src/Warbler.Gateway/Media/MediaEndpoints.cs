using Warbler.Gateway.Configuration;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Media;

/// <summary>
/// <c>/v1/images</c>, <c>/v1/audio</c> and <c>/v1/moderations</c>: each body read once (uploads up to
/// their own, larger limits), its model read from the JSON or the multipart <c>model</c> field,
/// then routed like chat to the model's providers that have the route and relayed as it is.
/// </summary>
internal static class MediaEndpoints
{
    public static Task<IResult> ImageGenerationsAsync(HttpContext context, CompletionRelay relay, RelayServices services, IOptions<GatewayOptions> options) =>
        RelayAsync(context, relay, services, options.Value, UpstreamOperation.ImageGenerations);

    public static Task<IResult> ImageEditsAsync(HttpContext context, CompletionRelay relay, RelayServices services, IOptions<GatewayOptions> options) =>
        RelayAsync(context, relay, services, options.Value, UpstreamOperation.ImageEdits);

    public static Task<IResult> SpeechAsync(HttpContext context, CompletionRelay relay, RelayServices services, IOptions<GatewayOptions> options) =>
        RelayAsync(context, relay, services, options.Value, UpstreamOperation.AudioSpeech);

    public static Task<IResult> TranscriptionsAsync(HttpContext context, CompletionRelay relay, RelayServices services, IOptions<GatewayOptions> options) =>
        RelayAsync(context, relay, services, options.Value, UpstreamOperation.AudioTranscriptions);

    public static Task<IResult> TranslationsAsync(HttpContext context, CompletionRelay relay, RelayServices services, IOptions<GatewayOptions> options) =>
        RelayAsync(context, relay, services, options.Value, UpstreamOperation.AudioTranslations);

    public static Task<IResult> ModerationsAsync(HttpContext context, CompletionRelay relay, RelayServices services, IOptions<GatewayOptions> options) =>
        RelayAsync(context, relay, services, options.Value, UpstreamOperation.Moderations);

    private static async Task<IResult> RelayAsync(HttpContext context, CompletionRelay relay, RelayServices services, GatewayOptions options, UpstreamOperation operation)
    {
        var multipart = operation is UpstreamOperation.ImageEdits or UpstreamOperation.AudioTranscriptions or UpstreamOperation.AudioTranslations;
        var limit = operation switch
        {
            UpstreamOperation.ImageEdits => options.MaxImageEditBodyBytes,
            UpstreamOperation.AudioTranscriptions or UpstreamOperation.AudioTranslations => options.MaxAudioBodyBytes,
            _ => options.MaxRequestBodyBytes,
        };
        var body = await RequestBody.ReadAsync(context.Request, limit, context.RequestAborted);
        try
        {
            var request = multipart
                ? MediaRequest.FromMultipart(operation, body.Span, context.Request.ContentType)
                : MediaRequest.FromJson(operation, body.Span);
            context.Features.Set(new GatewayCall { Model = request.Model });
            var answer = await relay.SendAsync(context, operation, request.Model, body.Memory, request.ContentType, static () => 0);
            return new MediaRelayResult(answer, request, body, options.MaxResponseBodyBytes, services);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
