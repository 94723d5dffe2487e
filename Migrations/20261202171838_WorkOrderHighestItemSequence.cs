using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopPortal.Migrations
{
    /// <inheritdoc />
    public partial class WorkOrderHighestItemSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HighestItemSequence",
                table: "WorkOrders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HighestItemSequence",
                table: "WorkOrders");
        }
    }
}
