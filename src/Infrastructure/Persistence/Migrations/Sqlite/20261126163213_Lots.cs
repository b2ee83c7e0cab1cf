using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Lots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "CreditLimit",
                table: "Accounts",
                type: "TEXT",
                precision: 18,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<Guid>(
                name: "LotId",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LowBalanceNoticeAt",
                table: "Accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxConcurrentCallbacks",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Services",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 15);

            migrationBuilder.AddColumn<Guid>(
                name: "TariffId",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "CredentialLots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Requested = table.Column<int>(type: "INTEGER", nullable: false),
                    Generated = table.Column<int>(type: "INTEGER", nullable: false),
                    LoginPrefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LoginLength = table.Column<int>(type: "INTEGER", nullable: false),
                    PasswordLength = table.Column<int>(type: "INTEGER", nullable: false),
                    PasswordAlphabet = table.Column<int>(type: "INTEGER", nullable: false),
                    InitialBalance = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Services = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HasExport = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialLots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Reason = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LedgerEntries_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LotExportChunks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Offset = table.Column<int>(type: "INTEGER", nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LotExportChunks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LotExportChunks_CredentialLots_LotId",
                        column: x => x.LotId,
                        principalTable: "CredentialLots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_LotId",
                table: "Accounts",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Status_Balance",
                table: "Accounts",
                columns: new[] { "Status", "Balance" });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialLots_CreatedAt",
                table: "CredentialLots",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_At",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LotExportChunks_LotId_Offset",
                table: "LotExportChunks",
                columns: new[] { "LotId", "Offset" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Accounts_CredentialLots_LotId",
                table: "Accounts",
                column: "LotId",
                principalTable: "CredentialLots",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Accounts_CredentialLots_LotId",
                table: "Accounts");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "LotExportChunks");

            migrationBuilder.DropTable(
                name: "CredentialLots");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_LotId",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_Status_Balance",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "CreditLimit",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "LotId",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "LowBalanceNoticeAt",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "MaxConcurrentCallbacks",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Services",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "TariffId",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Accounts");
        }
    }
}
