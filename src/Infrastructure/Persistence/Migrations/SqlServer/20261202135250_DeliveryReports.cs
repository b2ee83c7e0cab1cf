using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DeliveryReports : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
