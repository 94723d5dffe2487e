using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopPortal.Migrations
{
    /// <inheritdoc />
    public partial class PortalActivitiesUnnotifiedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_PortalActivities_Unnotified",
                table: "PortalActivities",
                column: "At",
                filter: "\"NotifiedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PortalActivities_Unnotified",
                table: "PortalActivities");
        }
    }
}
