using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CallHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BilledSeconds",
                table: "CallLegs",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Cost",
                table: "CallLegs",
                type: "decimal(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "RatePerMinute",
                table: "CallLegs",
                type: "decimal(18,4)",
                precision: 18,
                scale: 4,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CallLegs_DialedAt_Id",
                table: "CallLegs",
                columns: new[] { "DialedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CallLegs_DialedAt_Id",
                table: "CallLegs");

            migrationBuilder.DropColumn(
                name: "BilledSeconds",
                table: "CallLegs");

            migrationBuilder.DropColumn(
                name: "Cost",
                table: "CallLegs");

            migrationBuilder.DropColumn(
                name: "RatePerMinute",
                table: "CallLegs");
        }
    }
}
