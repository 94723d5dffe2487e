namespace ShopPortal.Pages;

/// <summary>What the search box of a staff list matches: its text anywhere in a field, taken literally.</summary>
public static class ListSearch
{
    /// <summary>The escape character of <see cref="Contains"/>'s pattern, for <c>EF.Functions.Like</c>.</summary>
    public const string Escape = "\\";

    /// <summary>A LIKE pattern for fields containing <paramref name="text"/>: its <c>%</c> and <c>_</c> are searched for, not wildcards.</summary>
    public static string Contains(string text) =>
        "%" + text.Trim().Replace(Escape, Escape + Escape, StringComparison.Ordinal).Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal) + "%";
}
