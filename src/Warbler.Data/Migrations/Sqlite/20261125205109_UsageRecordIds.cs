using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Warbler.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UsageRecordIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RecordId",
                table: "usage_records",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Records stored before this migration get ids made of their row ids: unique, and unlike
            // any the writer gives (version 7 ids begin with the time).
            migrationBuilder.Sql("""UPDATE usage_records SET "RecordId" = '00000000-0000-0000-0000-' || printf('%012X', "Id");""");

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_RecordId",
                table: "usage_records",
                column: "RecordId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_usage_records_RecordId",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "RecordId",
                table: "usage_records");
        }
    }
}
