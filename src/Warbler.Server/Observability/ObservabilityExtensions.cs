using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Warbler.Data;
using Warbler.Gateway.Observability;

namespace Warbler.Server.Observability;

/// <summary>
/// Health endpoints for orchestrators and load balancers (<c>/healthz</c>, <c>/readyz</c>) and
/// Prometheus metrics (<c>/metrics</c>). None of them needs a key: expose them only where they
/// should be seen.
/// </summary>
public static class ObservabilityExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string MetricsPath = "/metrics";

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddWarblerObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<WarblerDbContext>("database", tags: [ReadyTag])
            .AddCheck<ProviderHealthCheck>("providers", tags: [ReadyTag]);

        // Traces need no provider here: the relay activities and their upstream HTTP children
        // reach any listener of GatewayTracing.Source and System.Net.Http, and cost nothing without one.
        if (builder.Configuration.GetValue("Observability:Metrics", defaultValue: true))
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        return builder;
    }

    /// <summary>Call before the server's other middleware, so requests are measured with the status the client finally got.</summary>
    public static WebApplication UseWarblerObservability(this WebApplication app)
    {
        app.UseMiddleware<GatewayTelemetryMiddleware>();
        return app;
    }

    public static WebApplication MapObservabilityEndpoints(this WebApplication app)
    {
        // Alive: the process serves requests; no check runs, so a slow database cannot get it restarted.
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        if (app.Configuration.GetValue("Observability:Metrics", defaultValue: true))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }

        return app;
    }
}
