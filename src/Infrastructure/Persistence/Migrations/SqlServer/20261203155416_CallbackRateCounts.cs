using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CallbackRateCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CallbackRateCounts",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "nvarchar(66)", maxLength: 66, nullable: false),
                    Bucket = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackRateCounts", x => new { x.Scope, x.Bucket });
                });

            // 10-second buckets of UTC time since 0001-01-01, the same numbers as .NET's UtcTicks / 100 000 000.
            const string bucket = "DATEDIFF_BIG(SECOND, CAST('0001-01-01T00:00:00+00:00' AS datetimeoffset), {0}.[CreatedAt]) / 10";
            // The callbacks of the last 7 days (the longest AntiAbuse:CallbackRateWindow allowed).
            migrationBuilder.Sql($"""
                INSERT INTO [CallbackRateCounts] ([Scope], [Bucket], [Count])
                SELECT s.[Scope], s.[Bucket], COUNT(*) FROM (
                    SELECT N'a:' + CONVERT(nvarchar(36), c.[AccountId]) AS [Scope], {string.Format(bucket, "c")} AS [Bucket]
                    FROM [Callbacks] AS c WHERE c.[CreatedAt] >= DATEADD(DAY, -7, SYSDATETIMEOFFSET())
                    UNION ALL
                    SELECT N'r:' + c.[RequestedBy], {string.Format(bucket, "c")}
                    FROM [Callbacks] AS c WHERE c.[RequestedBy] IS NOT NULL AND c.[CreatedAt] >= DATEADD(DAY, -7, SYSDATETIMEOFFSET())
                ) AS s
                GROUP BY s.[Scope], s.[Bucket];
                """);

            // Every callback inserted from now on, in the statement that inserts it (docs/adr/0051-callback-rate-counts.md). HOLDLOCK: two
            // instances inserting callbacks of one account in the same bucket cannot both find it missing.
            migrationBuilder.Sql($"""
                CREATE TRIGGER [TR_Callbacks_RateCounts] ON [Callbacks] AFTER INSERT AS
                BEGIN
                    SET NOCOUNT ON;
                    MERGE [CallbackRateCounts] WITH (HOLDLOCK) AS t
                    USING (
                        SELECT s.[Scope], s.[Bucket], COUNT(*) AS [Count] FROM (
                            SELECT N'a:' + CONVERT(nvarchar(36), i.[AccountId]) AS [Scope], {string.Format(bucket, "i")} AS [Bucket] FROM inserted AS i
                            UNION ALL
                            SELECT N'r:' + i.[RequestedBy], {string.Format(bucket, "i")} FROM inserted AS i WHERE i.[RequestedBy] IS NOT NULL
                        ) AS s
                        GROUP BY s.[Scope], s.[Bucket]
                    ) AS src
                    ON t.[Scope] = src.[Scope] AND t.[Bucket] = src.[Bucket]
                    WHEN MATCHED THEN UPDATE SET t.[Count] = t.[Count] + src.[Count]
                    WHEN NOT MATCHED THEN INSERT ([Scope], [Bucket], [Count]) VALUES (src.[Scope], src.[Bucket], src.[Count]);
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_Callbacks_RateCounts];");

            migrationBuilder.DropTable(
                name: "CallbackRateCounts");
        }
    }
}
