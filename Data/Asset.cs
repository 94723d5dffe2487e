namespace ShopPortal.Data;

/// <summary>The thing being worked on: an aircraft, a vehicle, a piece of equipment.</summary>
public class Asset
{
    public int Id { get; set; }

    /// <summary>Tail number, VIN or serial number.</summary>
    public required string Registration { get; set; }
    public string? Make { get; set; }
    public string? Model { get; set; }
    public int? Year { get; set; }

    /// <summary>Concurrency token: bumped on every edit of the asset.</summary>
    public int Version { get; set; }

    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
}
