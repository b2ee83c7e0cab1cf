using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Carriers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessNumbers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    NumberKey = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SettingsJson = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "nvarchar(max)", maxLength: 4096, nullable: false),
                    SecretHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessNumbers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboundSmsParts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    To = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    PartNumber = table.Column<int>(type: "int", nullable: false),
                    TotalParts = table.Column<int>(type: "int", nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(1024)", maxLength: 1024, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Assembled = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundSmsParts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessNumbers_Channel_SecretHash",
                table: "AccessNumbers",
                columns: new[] { "Channel", "SecretHash" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessNumbers_NumberKey",
                table: "AccessNumbers",
                column: "NumberKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundSmsParts_Channel_From_Reference_PartNumber",
                table: "InboundSmsParts",
                columns: new[] { "Channel", "From", "Reference", "PartNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundSmsParts_StoredAt",
                table: "InboundSmsParts",
                column: "StoredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessNumbers");

            migrationBuilder.DropTable(
                name: "InboundSmsParts");
        }
    }
}
