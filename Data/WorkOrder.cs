namespace ShopPortal.Data;

public class WorkOrder
{
    public const string NumberPrefix = "WO-";

    public int Id { get; set; }

    /// <summary>The numeric part of <see cref="Number"/>; unique, allocated as max + 1.</summary>
    public int Sequence { get; set; }

    /// <summary>What people say on the phone: <c>WO-1001</c>.</summary>
    public required string Number { get; set; }

    public required string Title { get; set; }
    public string? Description { get; set; }
    public WorkOrderStatus Status { get; set; }

    /// <summary>Price per labor hour, in the shop's currency.</summary>
    public decimal LaborRate { get; set; }

    /// <summary>Tax as a percentage of the taxable total (8.25 means 8.25 %).</summary>
    public decimal TaxRate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Concurrency token: bumped on every edit of the work order or its lines.</summary>
    public int Version { get; set; }

    /// <summary>The highest item number this work order has given: a removed item's number is never given again.</summary>
    public int HighestItemSequence { get; set; }

    public int CustomerId { get; set; }
    public Customer Customer { get; set; } = null!;
    public int AssetId { get; set; }
    public Asset Asset { get; set; } = null!;

    public List<Discrepancy> Discrepancies { get; set; } = [];
    public List<PortalAccessKey> AccessKeys { get; set; } = [];
    public List<WorkAuthorization> Authorizations { get; set; } = [];

    public static string FormatNumber(int sequence) => NumberPrefix + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
