using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Inbox;

namespace SmsCallback.Infrastructure.IntegrationTests;

/// <summary>Where the inbox lands SMS on SQLite (docs/adr/0055-inbox-landing-file.md): next to the database file, never in a database
/// that a restart would lose.</summary>
public sealed class LandingFileTests
{
    [Theory]
    [InlineData("Data Source=/var/lib/smscallback/app.db", "/var/lib/smscallback/app.inbox.db")]
    [InlineData("Data Source=/srv/data/smscallback;Cache=Shared", "/srv/data/smscallback.inbox.db")]
    public void The_landing_file_lies_next_to_the_database_file(string connectionString, string expected) =>
        Assert.Equal(expected, new LandingFile(new DatabaseOptions(), connectionString).Path);

    [Theory]
    [InlineData("Data Source=:memory:", "':memory:' is not one")]
    [InlineData("Data Source=file:app.db?mode=memory", "'file:app.db?mode=memory' is not one")]
    [InlineData("Data Source=shared;Mode=Memory", "'shared' is opened in memory")]
    public void A_database_that_is_not_a_file_is_refused_at_start_with_the_reason(string connectionString, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LandingFile(new DatabaseOptions(), connectionString));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void On_sql_server_there_is_no_landing_file() =>
        Assert.False(new LandingFile(new DatabaseOptions { Provider = DatabaseProvider.SqlServer }, "Server=db;Database=app").Enabled);
}
