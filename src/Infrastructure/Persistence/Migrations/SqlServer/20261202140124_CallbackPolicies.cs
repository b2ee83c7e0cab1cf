using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CallbackPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.AddColumn<bool>(
                name: "NotifyFailures",
                table: "Accounts",
                type: "bit",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_DueAt",
                table: "Callbacks",
                columns: new[] { "State", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Callbacks_State_DueAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "FailureNoticeAt",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "NotifyFailures",
                table: "Accounts");
        }
    }
}
