using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IndexesForCountsThatGrewWithHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OutboundSms_Kind_CreatedAt",
                table: "OutboundSms",
                columns: new[] { "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_AccountId_State",
                table: "Callbacks",
                columns: new[] { "AccountId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundSms_Kind_CreatedAt",
                table: "OutboundSms");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_AccountId_State",
                table: "Callbacks");
        }
    }
}
