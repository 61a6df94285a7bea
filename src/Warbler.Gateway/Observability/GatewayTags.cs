namespace Warbler.Gateway.Observability;

/// <summary>Tag names shared by the gateway's metrics and traces, so a dashboard can join them.</summary>
internal static class GatewayTags
{
    public const string Model = "model";
    public const string Provider = "provider";
    public const string StatusCode = "status_code";
    public const string Kind = "kind";
    public const string Reason = "reason";
    public const string Outcome = "outcome";

    /// <summary>Trace tag of a bot's reply: the bot that answered (never a metric label, as bots are many).</summary>
    public const string BotId = "bot_id";

    /// <summary>The model or provider label of a request that never got that far (refused, malformed).</summary>
    public const string None = "none";
}
