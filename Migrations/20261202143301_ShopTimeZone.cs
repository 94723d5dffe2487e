using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopPortal.Migrations
{
    /// <inheritdoc />
    public partial class ShopTimeZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "ShopSettings",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "ShopSettings");
        }
    }
}
