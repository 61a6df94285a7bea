using Microsoft.AspNetCore.Builder;

namespace Warbler.Gateway.Observability;

/// <summary>What the host wires to export the gateway's metrics, traces and health.</summary>
public static class GatewayTelemetry
{
    /// <summary>The meter of the gateway's metrics.</summary>
    public const string MeterName = GatewayMetrics.MeterName;

    /// <summary>The activity source of the gateway's traces.</summary>
    public const string SourceName = GatewayTracing.SourceName;

    /// <summary>Adds the readiness check that some provider is not cooling down.</summary>
    public static IHealthChecksBuilder AddProvidersCheck(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags) =>
        builder.AddCheck<ProviderHealthCheck>(name, tags: tags);

    /// <summary>Traces and measures every completion request; see <see cref="GatewayTelemetryMiddleware"/>.</summary>
    public static IApplicationBuilder UseGatewayTelemetry(this IApplicationBuilder app) =>
        app.UseMiddleware<GatewayTelemetryMiddleware>();
}
