using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Warbler.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageUpdatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "messages",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Messages written before this migration last changed, as far as anyone knows, when they were written.
            migrationBuilder.Sql("UPDATE messages SET UpdatedAt = COALESCE(EditedAt, CreatedAt);");

            migrationBuilder.CreateIndex(
                name: "IX_messages_RoomId_UpdatedAt",
                table: "messages",
                columns: new[] { "RoomId", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_RoomId_UpdatedAt",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "messages");
        }
    }
}
