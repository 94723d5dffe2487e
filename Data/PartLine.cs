namespace ShopPortal.Data;

public class PartLine
{
    public int Id { get; set; }
    public int DiscrepancyId { get; set; }
    public Discrepancy Discrepancy { get; set; } = null!;

    public required string PartNumber { get; set; }
    public required string Description { get; set; }
    public decimal Quantity { get; set; }
    public decimal UnitPrice { get; set; }

    public decimal Amount => Money.Line(Quantity, UnitPrice);
}
