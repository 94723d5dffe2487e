namespace ShopPortal.Data;

/// <summary>Money and quantity arithmetic. Rounds once, at line level, half away from zero.</summary>
public static class Money
{
    public static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static decimal Line(decimal quantity, decimal unitPrice) => Round(quantity * unitPrice);

    public static decimal Tax(decimal taxable, decimal ratePercent) => Round(taxable * ratePercent / 100m);
}
