using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace SmsCallback.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessNumbers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NumberKey = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SettingsJson = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    ProtectedSecrets = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessNumbers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BlockedPrefixes",
                columns: table => new
                {
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockedPrefixes", x => x.Prefix);
                });

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
                name: "Forwarders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AccessNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProtectedKey = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastContactAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SignalQuality = table.Column<int>(type: "INTEGER", nullable: true),
                    Registration = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Forwarders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboundSms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundSms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "InboundSmsParts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PartNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalParts = table.Column<int>(type: "INTEGER", nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Assembled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboundSmsParts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IvrSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    EndLegCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    BalanceCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    DigitTimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    AnnounceMaxTime = table.Column<bool>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    PromptEnterNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptInvalidNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptBalance = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptMaxTime = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptGoodbye = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PromptNoCredit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IvrSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LoginFailures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoginFailures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboundSms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1600, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    InboundSmsId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboundSms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SwitchLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SwitchLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Tariffs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tariffs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Login = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Balance = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreditLimit = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    Services = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 15),
                    MaxConcurrentCallbacks = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 1),
                    LotId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    DailySpendCap = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    AllowedPrefixes = table.Column<string>(type: "TEXT", nullable: false),
                    LowBalanceNoticeAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Accounts_CredentialLots_LotId",
                        column: x => x.LotId,
                        principalTable: "CredentialLots",
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

            migrationBuilder.CreateTable(
                name: "TariffRates",
                columns: table => new
                {
                    TariffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PricePerMinute = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    ConnectionFee = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    MinimumSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    IncrementSeconds = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TariffRates", x => new { x.TariffId, x.Prefix });
                    table.ForeignKey(
                        name: "FK_TariffRates_Tariffs_TariffId",
                        column: x => x.TariffId,
                        principalTable: "Tariffs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Callbacks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Origin = table.Column<int>(type: "INTEGER", nullable: false),
                    InboundSmsId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureReason = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    MaxDurationSeconds = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Callbacks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Callbacks_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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
                name: "PhonebookEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PhonebookEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PhonebookEntries_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredPhones",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredPhones", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegisteredPhones_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CallLegs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CallbackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    SwitchCallId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    DialedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HangupCause = table.Column<int>(type: "INTEGER", nullable: true),
                    BilledSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    RatePerMinute = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true),
                    Cost = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallLegs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallLegs_Callbacks_CallbackId",
                        column: x => x.CallbackId,
                        principalTable: "Callbacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "BlockedPrefixes",
                columns: new[] { "Prefix", "Description" },
                values: new object[,]
                {
                    { "1900", "US/Canada premium rate (900)" },
                    { "3389", "France premium rate (089)" },
                    { "34803", "Spain premium rate (803)" },
                    { "34806", "Spain premium rate (806)" },
                    { "34807", "Spain premium rate (807)" },
                    { "39899", "Italy premium rate (899)" },
                    { "449", "UK premium rate (09)" },
                    { "4870", "Poland premium rate (70x)" },
                    { "49900", "Germany premium rate (0900)" },
                    { "870", "Inmarsat" },
                    { "881", "Global Mobile Satellite System" },
                    { "882", "International Networks" },
                    { "883", "International Networks" },
                    { "979", "International Premium Rate Service" }
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
                name: "IX_Accounts_Login",
                table: "Accounts",
                column: "Login",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_LotId",
                table: "Accounts",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_Status_Balance",
                table: "Accounts",
                columns: new[] { "Status", "Balance" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_AccountId_CreatedAt",
                table: "Callbacks",
                columns: new[] { "AccountId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_CreatedAt",
                table: "Callbacks",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_InboundSmsId",
                table: "Callbacks",
                column: "InboundSmsId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_RequestedBy_CreatedAt",
                table: "Callbacks",
                columns: new[] { "RequestedBy", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_CreatedAt",
                table: "Callbacks",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CallLegs_CallbackId_Kind",
                table: "CallLegs",
                columns: new[] { "CallbackId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_CallLegs_DialedAt_Id",
                table: "CallLegs",
                columns: new[] { "DialedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialLots_CreatedAt",
                table: "CredentialLots",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Forwarders_AccessNumber",
                table: "Forwarders",
                column: "AccessNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundSms_Channel_ExternalId",
                table: "InboundSms",
                columns: new[] { "Channel", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundSms_Status_StoredAt",
                table: "InboundSms",
                columns: new[] { "Status", "StoredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InboundSms_StoredAt",
                table: "InboundSms",
                column: "StoredAt");

            migrationBuilder.CreateIndex(
                name: "IX_InboundSmsParts_Channel_From_Reference_PartNumber",
                table: "InboundSmsParts",
                columns: new[] { "Channel", "From", "Reference", "PartNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundSmsParts_StoredAt",
                table: "InboundSmsParts",
                column: "StoredAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_AccountId_At",
                table: "LedgerEntries",
                columns: new[] { "AccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LoginFailures_Key_At",
                table: "LoginFailures",
                columns: new[] { "Key", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_LotExportChunks_LotId_Offset",
                table: "LotExportChunks",
                columns: new[] { "LotId", "Offset" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundSms_CreatedAt",
                table: "OutboundSms",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundSms_InboundSmsId",
                table: "OutboundSms",
                column: "InboundSmsId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundSms_Status_CreatedAt",
                table: "OutboundSms",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboundSms_To_Kind_CreatedAt",
                table: "OutboundSms",
                columns: new[] { "To", "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PhonebookEntries_AccountId_Name",
                table: "PhonebookEntries",
                columns: new[] { "AccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PhonebookEntries_AccountId_Position",
                table: "PhonebookEntries",
                columns: new[] { "AccountId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredPhones_AccountId",
                table: "RegisteredPhones",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredPhones_Number",
                table: "RegisteredPhones",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tariffs_IsDefault",
                table: "Tariffs",
                column: "IsDefault");

            migrationBuilder.CreateIndex(
                name: "IX_Tariffs_Name",
                table: "Tariffs",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccessNumbers");

            migrationBuilder.DropTable(
                name: "BlockedPrefixes");

            migrationBuilder.DropTable(
                name: "CallLegs");

            migrationBuilder.DropTable(
                name: "Forwarders");

            migrationBuilder.DropTable(
                name: "InboundSms");

            migrationBuilder.DropTable(
                name: "InboundSmsParts");

            migrationBuilder.DropTable(
                name: "IvrSettings");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "LoginFailures");

            migrationBuilder.DropTable(
                name: "LotExportChunks");

            migrationBuilder.DropTable(
                name: "OutboundSms");

            migrationBuilder.DropTable(
                name: "PhonebookEntries");

            migrationBuilder.DropTable(
                name: "RegisteredPhones");

            migrationBuilder.DropTable(
                name: "SwitchLeases");

            migrationBuilder.DropTable(
                name: "TariffRates");

            migrationBuilder.DropTable(
                name: "Callbacks");

            migrationBuilder.DropTable(
                name: "Tariffs");

            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "CredentialLots");
        }
    }
}
