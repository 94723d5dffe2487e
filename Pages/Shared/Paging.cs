using Microsoft.EntityFrameworkCore;

namespace ShopPortal.Pages;

/// <summary>Where the page of a staff list being shown sits in the whole list: which rows of how many.</summary>
public sealed record Paging(int Number, int Size, int Total)
{
    /// <summary>
    /// The query string key of the page number. Not <c>page</c>: Razor Pages routes by a route value of that name,
    /// which model binding would read before the query string.
    /// </summary>
    public const string QueryKey = "p";

    /// <summary>Rows per page of the work order, customer and asset lists.</summary>
    public const int ListSize = 500;

    /// <summary>Rows per page of the outbox, whose rows are longer.</summary>
    public const int OutboxSize = 200;

    public int PageCount => Math.Max(1, (Total + Size - 1) / Size);
    public int First => Total == 0 ? 0 : ((Number - 1) * Size) + 1;
    public int Last => Math.Min(Number * Size, Total);
    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < PageCount;

    /// <summary>The address of page <paramref name="number"/> of the list <paramref name="request"/> shows, with its search and filters.</summary>
    public static string Link(HttpRequest request, int number)
    {
        var query = request.Query.Where(pair => !string.Equals(pair.Key, QueryKey, StringComparison.OrdinalIgnoreCase))
            .Append(new(QueryKey, number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }
}

public static class PagingQueries
{
    /// <summary>
    /// Page <paramref name="number"/> of <paramref name="ordered"/>, whose order must be total so no row shows on two
    /// pages. A number before the first page or past the last (or none, when the query string's was not a number)
    /// shows the nearest page.
    /// </summary>
    public static async Task<(IReadOnlyList<T> Rows, Paging Paging)> ToPageAsync<T>(this IQueryable<T> ordered, int? number, CancellationToken cancellationToken,
        int size = Paging.ListSize)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var whole = new Paging(1, size, total);
        var paging = whole with { Number = Math.Clamp(number ?? 1, 1, whole.PageCount) };
        var rows = await ordered.Skip((paging.Number - 1) * paging.Size).Take(paging.Size).ToListAsync(cancellationToken);
        return (rows, paging);
    }
}
