namespace Warbler.Gateway.Observability;

/// <summary>Tag names shared by the gateway's metrics and traces, so a dashboard can join them.</summary>
public static class GatewayTags
{
    public const string Model = "model";
    public const string Provider = "provider";
    public const string StatusCode = "status_code";
    public const string Kind = "kind";
    public const string Reason = "reason";

    /// <summary>The model or provider label of a request that never got that far (refused, malformed).</summary>
    public const string None = "none";
}
