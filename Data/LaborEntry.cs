namespace ShopPortal.Data;

public class LaborEntry
{
    public int Id { get; set; }
    public int DiscrepancyId { get; set; }
    public Discrepancy Discrepancy { get; set; } = null!;

    public string? TechnicianId { get; set; }

    /// <summary>Kept as text so the entry still reads right after the staff account is removed.</summary>
    public required string TechnicianName { get; set; }
    public DateOnly Date { get; set; }
    public decimal Hours { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
