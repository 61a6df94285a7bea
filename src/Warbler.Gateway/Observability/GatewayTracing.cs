using System.Diagnostics;

namespace Warbler.Gateway.Observability;

/// <summary>
/// The gateway's activity source. Each relayed request is one activity; the upstream HTTP calls
/// made while it is current become its children (System.Net.Http creates those).
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "Warbler.Gateway";

    public const string RelayActivityName = "relay";

    /// <summary>A bot's reply asked for in-process; like <see cref="RelayActivityName"/>, the upstream call is its child.</summary>
    public const string BotCompletionActivityName = "bot_completion";

    /// <summary>Embeddings asked for in-process, as <see cref="BotCompletionActivityName"/> is for replies.</summary>
    public const string InProcessEmbeddingActivityName = "in_process_embedding";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Tags a finished completion's activity with what its metrics are labelled with; 5xx mark it failed.</summary>
    public static void SetOutcome(Activity activity, string model, string provider, int statusCode)
    {
        activity.SetTag(GatewayTags.Model, model);
        activity.SetTag(GatewayTags.Provider, provider);
        activity.SetTag(GatewayTags.StatusCode, statusCode);
        if (statusCode >= StatusCodes.Status500InternalServerError)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
