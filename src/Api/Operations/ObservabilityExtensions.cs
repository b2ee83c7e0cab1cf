using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Infrastructure;

namespace SmsCallback.Api.Operations;

/// <summary>Settings of section <c>Telemetry</c> (docs/operations.md).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>false: no OpenTelemetry metrics at all (no <c>/metrics</c>, no OTLP metrics); the meters cost next to nothing unheard.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>When set (for example <c>http://127.0.0.1:9464</c>), <c>/metrics</c> is served anonymously on this extra address only, for
    /// a Prometheus on a trusted network; otherwise it is on the service's own address and needs an admin token.</summary>
    public string? MetricsUrl { get; set; }
}

/// <summary>Metrics (Prometheus scraping endpoint, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), traces (OTLP only) and the
/// detailed health report.</summary>
public static class ObservabilityExtensions
{
    public const string ServiceName = "smscallback";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton(options);
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Metrics && !otlp) return builder;

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(ServiceName));
        if (options.Metrics)
            telemetry.WithMetrics(m =>
            {
                m.AddMeter(SmsCallbackMetrics.MeterName, "System.Runtime").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter();
            });
        if (otlp)
            telemetry.WithTracing(t => t.AddSource(SmsCallbackActivities.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/metrics") && !c.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());

        if (options.Metrics && options.MetricsUrl is { Length: > 0 } metricsUrl)
        {
            // Kestrel listens on the service's own addresses and on the metrics address.
            var urls = builder.Configuration["urls"] is { Length: > 0 } u ? u.Split(';', StringSplitOptions.RemoveEmptyEntries) : ["http://localhost:5000"];
            builder.WebHost.UseUrls([.. urls, metricsUrl]);
        }
        return builder;
    }

    public static WebApplication UseObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.Metrics)
        {
            if (options.MetricsUrl is { Length: > 0 } metricsUrl)
                app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{new Uri(metricsUrl).Port}")
                    .Public("served only on Telemetry:MetricsUrl, an address for the monitoring network alone");
            else
                app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Roles.Admin);
        }

        app.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = WriteDetailsAsync }).RequireAuthorization(Roles.Admin);
        return app;
    }

    /// <summary>The terse <c>/health</c> runs only the checks a load balancer should act on (database and job storage).</summary>
    public static bool IsTerseCheck(HealthCheckRegistration check) => !check.Tags.Contains(HealthItem.DetailsTag);

    /// <summary>Every check, and every switch, forwarder and access number inside one, with its status and the reason.</summary>
    private static Task WriteDetailsAsync(HttpContext context, HealthReport report)
    {
        var checks = new List<object>();
        foreach (var (name, entry) in report.Entries)
        {
            if (entry.Data.TryGetValue(HealthItem.DataKey, out var value) && value is IReadOnlyList<HealthItem> { Count: > 0 } items)
                checks.AddRange(items.Select(i => new { name = i.Name, status = i.Status.ToString(), reason = i.Reason }));
            else
                checks.Add(new { name, status = entry.Status.ToString(), reason = Reason(entry) });
        }
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString(), checks }));
    }

    private static string Reason(HealthReportEntry entry)
    {
        var reason = entry.Description ?? (entry.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : entry.Status == HealthStatus.Healthy ? "ok" : "failed");
        return reason.Length <= 300 ? reason : reason[..300];
    }
}
