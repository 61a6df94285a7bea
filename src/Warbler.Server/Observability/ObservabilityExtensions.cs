using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Warbler.Cluster;
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

    /// <summary>The <c>service.name</c> of Warbler's metrics and traces.</summary>
    public const string ServiceName = "warbler";

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddWarblerObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<WarblerDbContext>("database", tags: [ReadyTag])
            .AddProvidersCheck("providers", [ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);

        var openTelemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName));
        if (builder.Configuration.GetValue("Observability:Metrics", defaultValue: true))
        {
            openTelemetry.WithMetrics(metrics => metrics
                .AddMeter(GatewayTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        }

        // Traces are exported only where a collector is named, with OpenTelemetry's standard
        // variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, ...): without one,
        // tracing would cost every request something and show it to no one.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            openTelemetry.WithTracing(tracing => tracing
                .AddSource(GatewayTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Call before the server's other middleware, so requests are measured with the status the client finally got.</summary>
    public static WebApplication UseWarblerObservability(this WebApplication app)
    {
        app.UseGatewayTelemetry();
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
