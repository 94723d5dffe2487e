namespace ShopPortal.Data;

public class Customer
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Company { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>Concurrency token: bumped on every edit of the customer.</summary>
    public int Version { get; set; }

    public List<Asset> Assets { get; set; } = [];
    public List<WorkOrder> WorkOrders { get; set; } = [];
}
