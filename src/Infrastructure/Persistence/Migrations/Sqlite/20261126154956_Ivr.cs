using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Ivr : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IvrSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    EndLegCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    BalanceCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DigitTimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnounceMaxTime = table.Column<bool>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PromptEnterNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptInvalidNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptBalance = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptMaxTime = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptGoodbye = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IvrSettings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IvrSettings");
        }
    }
}
