using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LanguagesPoliciesCallerIdsReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CarrierErrorCode",
                table: "OutboundSms",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CarrierStatus",
                table: "OutboundSms",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DeliveredAt",
                table: "OutboundSms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Delivery",
                table: "OutboundSms",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "FailedAt",
                table: "OutboundSms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReportedAt",
                table: "OutboundSms",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "CredentialLots",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdA",
                table: "Callbacks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdB",
                table: "Callbacks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DueAt",
                table: "Callbacks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailureNoticeAt",
                table: "Callbacks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdA",
                table: "Accounts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdB",
                table: "Accounts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Accounts",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "en");

            migrationBuilder.AddColumn<bool>(
                name: "LanguageChosen",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "NotifyFailures",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdA",
                table: "AccessNumbers",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdB",
                table: "AccessNumbers",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "AccessNumbers",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReplyTemplates",
                columns: table => new
                {
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 640, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyTemplates", x => new { x.Language, x.Key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_DueAt",
                table: "Callbacks",
                columns: new[] { "State", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReplyTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_State_DueAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "CarrierErrorCode",
                table: "OutboundSms");

            migrationBuilder.DropColumn(
                name: "CarrierStatus",
                table: "OutboundSms");

            migrationBuilder.DropColumn(
                name: "DeliveredAt",
                table: "OutboundSms");

            migrationBuilder.DropColumn(
                name: "Delivery",
                table: "OutboundSms");

            migrationBuilder.DropColumn(
                name: "FailedAt",
                table: "OutboundSms");

            migrationBuilder.DropColumn(
                name: "ReportedAt",
                table: "OutboundSms");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "CredentialLots");

            migrationBuilder.DropColumn(
                name: "CallerIdA",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "CallerIdB",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "FailureNoticeAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "CallerIdA",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "CallerIdB",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "LanguageChosen",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "NotifyFailures",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "CallerIdA",
                table: "AccessNumbers");

            migrationBuilder.DropColumn(
                name: "CallerIdB",
                table: "AccessNumbers");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "AccessNumbers");
        }
    }
}
