using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Languages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "CredentialLots",
                type: "nvarchar(8)",
                maxLength: 8,
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReplyTemplates");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "CredentialLots");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "LanguageChosen",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "AccessNumbers");
        }
    }
}
