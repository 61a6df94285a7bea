using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Warbler.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Organizations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AvatarUrl",
                table: "users",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Limits_CostBudget",
                table: "users",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Limits_DailyCostBudget",
                table: "users",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Limits_DailyTokenBudget",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Limits_MonthlyCostBudget",
                table: "users",
                type: "numeric(20,10)",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Limits_MonthlyTokenBudget",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Limits_RequestsPerMinute",
                table: "users",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Limits_TokenBudget",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Limits_TokensPerMinute",
                table: "users",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TeamId",
                table: "usage_records",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OwnerUserId",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TeamId",
                table: "api_keys",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "budget_alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Budget = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    Spent = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: false),
                    Limit = table.Column<decimal>(type: "numeric(28,10)", precision: 28, scale: 10, nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sign_on_codes",
                columns: table => new
                {
                    CodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Challenge = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_on_codes", x => x.CodeHash);
                    table.ForeignKey(
                        name: "FK_sign_on_codes_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Limits_CostBudget = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: true),
                    Limits_DailyCostBudget = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: true),
                    Limits_DailyTokenBudget = table.Column<long>(type: "bigint", nullable: true),
                    Limits_MonthlyCostBudget = table.Column<decimal>(type: "numeric(20,10)", precision: 20, scale: 10, nullable: true),
                    Limits_MonthlyTokenBudget = table.Column<long>(type: "bigint", nullable: true),
                    Limits_RequestsPerMinute = table.Column<int>(type: "integer", nullable: true),
                    Limits_TokenBudget = table.Column<long>(type: "bigint", nullable: true),
                    Limits_TokensPerMinute = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_teams", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClaimedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "bot_teams",
                columns: table => new
                {
                    BotId = table.Column<Guid>(type: "uuid", nullable: false),
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bot_teams", x => new { x.BotId, x.TeamId });
                    table.ForeignKey(
                        name: "FK_bot_teams_bots_BotId",
                        column: x => x.BotId,
                        principalTable: "bots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_bot_teams_teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    TeamId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    FromSignOn = table.Column<bool>(type: "boolean", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_team_members", x => new { x.TeamId, x.UserId });
                    table.ForeignKey(
                        name: "FK_team_members_teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_team_members_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_TeamId_CreatedAt",
                table: "usage_records",
                columns: new[] { "TeamId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_OwnerUserId",
                table: "api_keys",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_TeamId",
                table: "api_keys",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_bot_teams_TeamId",
                table: "bot_teams",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_budget_alerts_Subject_SubjectId_Budget_Period_Percent",
                table: "budget_alerts",
                columns: new[] { "Subject", "SubjectId", "Budget", "Period", "Percent" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sign_on_codes_ExpiresAt",
                table: "sign_on_codes",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_sign_on_codes_UserId",
                table: "sign_on_codes",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_team_members_UserId",
                table: "team_members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_teams_Name",
                table: "teams",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_NextAttemptAt",
                table: "webhook_deliveries",
                column: "NextAttemptAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bot_teams");

            migrationBuilder.DropTable(
                name: "budget_alerts");

            migrationBuilder.DropTable(
                name: "sign_on_codes");

            migrationBuilder.DropTable(
                name: "team_members");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.DropIndex(
                name: "IX_usage_records_TeamId_CreatedAt",
                table: "usage_records");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_OwnerUserId",
                table: "api_keys");

            migrationBuilder.DropIndex(
                name: "IX_api_keys_TeamId",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "AvatarUrl",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_CostBudget",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_DailyCostBudget",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_DailyTokenBudget",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_MonthlyCostBudget",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_MonthlyTokenBudget",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_RequestsPerMinute",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_TokenBudget",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Limits_TokensPerMinute",
                table: "users");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "TeamId",
                table: "api_keys");
        }
    }
}
