using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Warbler.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CostBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "Cost",
                table: "usage_records",
                type: "TEXT",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CostBudget",
                table: "api_keys",
                type: "TEXT",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "DailyCostBudget",
                table: "api_keys",
                type: "TEXT",
                precision: 20,
                scale: 10,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "MonthlyCostBudget",
                table: "api_keys",
                type: "TEXT",
                precision: 20,
                scale: 10,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Cost",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "CostBudget",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "DailyCostBudget",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "MonthlyCostBudget",
                table: "api_keys");
        }
    }
}
