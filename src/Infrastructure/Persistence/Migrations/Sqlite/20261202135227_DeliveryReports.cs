using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
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
