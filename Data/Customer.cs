namespace ShopPortal.Data;

public class Customer
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Company { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    public List<Asset> Assets { get; set; } = [];
    public List<WorkOrder> WorkOrders { get; set; } = [];
}
