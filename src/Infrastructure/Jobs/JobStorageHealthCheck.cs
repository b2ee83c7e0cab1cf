using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SmsCallback.Infrastructure.Jobs;

internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job storage cannot be read.", ex));
        }
    }
}
