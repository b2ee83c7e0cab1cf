using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Calls;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Queries;

namespace SmsCallback.Infrastructure.IntegrationTests;

/// <summary>The call-history query runs on SQLite in the API tests; here it must also translate for SQL Server, the production engine,
/// with every filter in SQL and the order the (DialedAt, Id) index serves.</summary>
public sealed class CallHistoryQueryTests
{
    private static readonly CallHistoryFilter Everything =
        new(Guid.NewGuid(), DateTimeOffset.UnixEpoch, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), "+48600316058", "7744");

    [Fact]
    public void The_query_translates_for_sql_server_with_filters_and_order_in_sql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var sql = new CallHistoryReader(db).Rows(Everything).ToQueryString();

        Assert.Contains("[c].[DialedAt] >= @", sql);
        Assert.Contains("[c].[DialedAt] < @", sql);
        Assert.Contains("[c].[Number] = @", sql);
        Assert.Contains("@digits", sql);
        Assert.Contains("[AccountId] = @", sql);
        Assert.Contains("ORDER BY [c].[DialedAt] DESC, [c].[Id] DESC", sql);
    }

    [Fact]
    public void The_query_translates_for_sqlite_comparing_utc_ticks()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        var sql = new CallHistoryReader(db).Rows(Everything).ToQueryString();

        Assert.Contains("\"c\".\"DialedAt\" >= @", sql);
        Assert.Contains("instr(\"c\".\"Number\", @digits) > 0", sql);
        Assert.Contains("ORDER BY \"c\".\"DialedAt\" DESC, \"c\".\"Id\" DESC", sql);
        Assert.Contains($".param set @from {DateTimeOffset.UnixEpoch.UtcTicks}", sql); // ticks: the instants compare as integers
    }
}
