using ShopPortal.Data;

namespace ShopPortal.Services.Pdf;

/// <summary>
/// Everything a printed estimate or invoice shows, as plain values: built from the database by
/// <see cref="WorkOrderDocuments"/>, or by hand (tests, the benchmark). Money comes from <see cref="WorkOrderMath"/>.
/// </summary>
public sealed record WorkOrderDocument(
    DocumentShop Shop,
    string Number,
    string Title,
    DateTimeOffset IssuedAt,
    DocumentCustomer Customer,
    DocumentAsset Asset,
    decimal LaborRate,
    decimal TaxRate,
    IReadOnlyList<DocumentItem> Items,
    IReadOnlyList<DocumentSignature> Signatures,
    bool AcceptsSignatures = true)
{
    public EstimateTotals Estimate => WorkOrderMath.Estimate(Items.Select(i => (i.Approval, i.Figures.EstimateAmount)), TaxRate);

    public InvoiceTotals Invoice => WorkOrderMath.Invoice(Items.Select(i => (i.Approval, i.Figures)), TaxRate);

    public string Money(decimal amount) => ShopProfile.FormatMoney(amount, Shop.Currency);

    /// <summary>Invoiced or closed: the invoice is the bill. Before that it is the work to date, which can still change.</summary>
    public bool InvoiceIsFinal => !AcceptsSignatures;
}

/// <summary>The shop as a document prints it; its date and its signatures' times are in the shop's time zone.</summary>
public sealed record DocumentShop(string Name, string? Address, string? Phone, string? Email, string Currency, TimeZoneInfo Zone);

public sealed record DocumentCustomer(string Name, string? Company, string? Email, string? Phone);

/// <param name="Registration">Tail number, VIN or serial number.</param>
/// <param name="Description">"2004 Cessna 172S Skyhawk".</param>
public sealed record DocumentAsset(string Registration, string? Description);

/// <summary>A discrepancy as printed; <c>Signed</c> when a customer's signature authorized it (its approval is then locked).</summary>
public sealed record DocumentItem(
    int Sequence,
    string Description,
    string? CorrectiveAction,
    CustomerApprovalStatus Approval,
    bool Signed,
    ItemFigures Figures,
    IReadOnlyList<DocumentPart> Parts);

public sealed record DocumentPart(string PartNumber, string Description, decimal Quantity, decimal UnitPrice)
{
    public decimal Amount => Data.Money.Line(Quantity, UnitPrice);
}

/// <summary>A signature given through the portal, with what it authorized.</summary>
public sealed record DocumentSignature(string SignerName, DateTimeOffset SignedAt, byte[] SignaturePng, AuthorizationSnapshot Snapshot);
