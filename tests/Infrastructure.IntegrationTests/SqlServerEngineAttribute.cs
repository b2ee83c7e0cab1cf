using System.Reflection;
using Xunit.Sdk;

namespace SmsCallback.Tests;

/// <summary>The engine rows of a test that runs on every database engine: <c>[InlineData("sqlite")]</c> always, and this attribute for
/// SQL Server. SQL Server cannot run on the development machines, so its row runs only when <c>SMSCALLBACK_TEST_SQLSERVER</c> holds a
/// connection string (a throw-away database is created on that server); otherwise the row is reported as skipped, with the reason, so the
/// summary line shows what was not exercised.</summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqlServerEngineAttribute : DataAttribute
{
    public const string Variable = "SMSCALLBACK_TEST_SQLSERVER";

    public SqlServerEngineAttribute()
    {
        if (ConnectionString is null)
            Skip = $"SQL Server not configured: set {Variable} to a connection string (a login that may create databases) to run this row.";
    }

    /// <summary>The connection string of the SQL Server to test against, or null when none is configured.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlserver"]];
}
