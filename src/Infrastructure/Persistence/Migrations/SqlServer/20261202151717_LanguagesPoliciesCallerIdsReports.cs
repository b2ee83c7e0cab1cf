using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
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
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CarrierStatus",
                table: "OutboundSms",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeliveredAt",
                table: "OutboundSms",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Delivery",
                table: "OutboundSms",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailedAt",
                table: "OutboundSms",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReportedAt",
                table: "OutboundSms",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "CredentialLots",
                type: "nvarchar(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdA",
                table: "Callbacks",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdB",
                table: "Callbacks",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DueAt",
                table: "Callbacks",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FailureNoticeAt",
                table: "Callbacks",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdA",
                table: "Accounts",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdB",
                table: "Accounts",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "Accounts",
                type: "nvarchar(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "en");

            migrationBuilder.AddColumn<bool>(
                name: "LanguageChosen",
                table: "Accounts",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "NotifyFailures",
                table: "Accounts",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdA",
                table: "AccessNumbers",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerIdB",
                table: "AccessNumbers",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "AccessNumbers",
                type: "nvarchar(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReplyTemplates",
                columns: table => new
                {
                    Language = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(640)", maxLength: 640, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
