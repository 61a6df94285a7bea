using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Warbler.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UsageBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "usage_batches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WrittenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_batches", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_usage_batches_WrittenAt",
                table: "usage_batches",
                column: "WrittenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_batches");
        }
    }
}
