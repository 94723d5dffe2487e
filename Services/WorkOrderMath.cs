using ShopPortal.Data;

namespace ShopPortal.Services;

/// <summary>Figures of one discrepancy: estimate from estimated hours, invoice from logged hours.</summary>
public readonly record struct ItemFigures(decimal EstimatedHours, decimal ActualHours, decimal EstimatedLabor, decimal BilledLabor, decimal Parts)
{
    public decimal EstimateAmount => EstimatedLabor + Parts;
    public decimal InvoiceAmount => BilledLabor + Parts;
}

/// <summary>Estimate totals by customer decision. Rejected work is shown but not part of the total.</summary>
public readonly record struct EstimateTotals(decimal Approved, decimal Pending, decimal Rejected, decimal Tax, decimal Total, decimal ApprovedTax)
{
    public decimal ApprovedTotal => Approved + ApprovedTax;
}

public readonly record struct InvoiceTotals(decimal Labor, decimal Parts, decimal Subtotal, decimal Tax, decimal Total, decimal ActualHours);

/// <summary>The one place money is computed for pages, the portal and PDFs alike.</summary>
public static class WorkOrderMath
{
    public static ItemFigures Item(decimal estimatedHours, IEnumerable<decimal> laborHours, IEnumerable<decimal> partAmounts, decimal laborRate)
    {
        var actual = laborHours.Sum();
        return new ItemFigures(estimatedHours, actual, Money.Line(estimatedHours, laborRate), Money.Line(actual, laborRate), partAmounts.Sum());
    }

    public static ItemFigures Item(Discrepancy discrepancy, decimal laborRate) =>
        Item(discrepancy.EstimatedHours, discrepancy.Labor.Select(l => l.Hours), discrepancy.Parts.Select(p => p.Amount), laborRate);

    public static EstimateTotals Estimate(IEnumerable<(CustomerApprovalStatus Status, decimal Amount)> items, decimal taxRate)
    {
        decimal approved = 0, pending = 0, rejected = 0;
        foreach (var (status, amount) in items)
        {
            switch (status)
            {
                case CustomerApprovalStatus.Approved: approved += amount; break;
                case CustomerApprovalStatus.Rejected: rejected += amount; break;
                default: pending += amount; break;
            }
        }
        var tax = Money.Tax(approved + pending, taxRate);
        return new EstimateTotals(approved, pending, rejected, tax, approved + pending + tax, Money.Tax(approved, taxRate));
    }

    /// <summary>
    /// Only work the customer approved is billed: a rejected item was refused, and a pending one was never
    /// authorized, whatever hours or parts were logged against it.
    /// </summary>
    public static bool IsBilled(CustomerApprovalStatus status) => status == CustomerApprovalStatus.Approved;

    /// <summary>The invoice bills the approved items, at the hours actually logged.</summary>
    public static InvoiceTotals Invoice(IEnumerable<(CustomerApprovalStatus Status, ItemFigures Figures)> items, decimal taxRate)
    {
        decimal labor = 0, parts = 0, hours = 0;
        foreach (var (status, figures) in items)
        {
            if (!IsBilled(status))
            {
                continue;
            }
            labor += figures.BilledLabor;
            parts += figures.Parts;
            hours += figures.ActualHours;
        }
        var subtotal = labor + parts;
        var tax = Money.Tax(subtotal, taxRate);
        return new InvoiceTotals(labor, parts, subtotal, tax, subtotal + tax, hours);
    }

    public static string Hours(decimal hours) => hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " h";
}
