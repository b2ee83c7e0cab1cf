using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
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
                    Scope = table.Column<string>(type: "TEXT", maxLength: 66, nullable: false),
                    Bucket = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackRateCounts", x => new { x.Scope, x.Bucket });
                });

            // The callbacks of the last 7 days (the longest AntiAbuse:CallbackRateWindow allowed) in 10-second buckets of UTC ticks.
            const string recent = "\"CreatedAt\" >= CAST(strftime('%s', 'now') AS INTEGER) * 10000000 + 621355968000000000 - 6048000000000";
            migrationBuilder.Sql($$"""
                INSERT INTO "CallbackRateCounts" ("Scope", "Bucket", "Count")
                SELECT 'a:' || "AccountId", "CreatedAt" / 100000000, COUNT(*) FROM "Callbacks" WHERE {{recent}} GROUP BY 1, 2;
                INSERT INTO "CallbackRateCounts" ("Scope", "Bucket", "Count")
                SELECT 'r:' || "RequestedBy", "CreatedAt" / 100000000, COUNT(*) FROM "Callbacks"
                WHERE "RequestedBy" IS NOT NULL AND {{recent}} GROUP BY 1, 2;
                """);

            // Every callback inserted from now on, in the statement that inserts it (docs/adr/0051-callback-rate-counts.md).
            migrationBuilder.Sql("""
                CREATE TRIGGER "TR_Callbacks_RateCounts" AFTER INSERT ON "Callbacks"
                BEGIN
                    INSERT INTO "CallbackRateCounts" ("Scope", "Bucket", "Count") VALUES ('a:' || NEW."AccountId", NEW."CreatedAt" / 100000000, 1)
                        ON CONFLICT ("Scope", "Bucket") DO UPDATE SET "Count" = "Count" + 1;
                    INSERT INTO "CallbackRateCounts" ("Scope", "Bucket", "Count")
                        SELECT 'r:' || NEW."RequestedBy", NEW."CreatedAt" / 100000000, 1 WHERE NEW."RequestedBy" IS NOT NULL
                        ON CONFLICT ("Scope", "Bucket") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"TR_Callbacks_RateCounts\";");

            migrationBuilder.DropTable(
                name: "CallbackRateCounts");
        }
    }
}
