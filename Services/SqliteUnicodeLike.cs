using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopPortal.Services;

/// <summary>
/// SQLite's LIKE ignores case for the letters A to Z only, so a search for "järvinen" missed "JÄRVINEN". Every
/// connection gets a <c>like</c> function (which the LIKE operator calls) that ignores case for every letter, and
/// accents too: a search typed on a keyboard without them, "jarvinen" or "oyvind", finds "Järvinen" and "Øyvind".
/// </summary>
public sealed class SqliteUnicodeLike : DbConnectionInterceptor
{
    /// <summary>
    /// Once per connection object, when EF Core creates it: Microsoft.Data.Sqlite keeps the function and registers it
    /// again each time the connection opens, so a pooled context's opens cost nothing more.
    /// </summary>
    public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
    {
        var sqlite = (SqliteConnection)result;
        sqlite.CreateFunction("like", (string? pattern, string? value) => pattern is null || value is null ? null : (bool?)Matches(pattern, value, null), isDeterministic: true);
        sqlite.CreateFunction("like", (string? pattern, string? value, string? escape) =>
            pattern is null || value is null ? null : (bool?)Matches(pattern, value, escape is { Length: 1 } ? escape[0] : null), isDeterministic: true);
        return result;
    }

    /// <summary>LIKE's rules: <c>%</c> any run of characters, <c>_</c> any one, the escape character makes the next literal.</summary>
    public static bool Matches(string pattern, string value, char? escape)
    {
        pattern = Fold(pattern);
        value = Fold(value);
        int p = 0, v = 0, resumePattern = -1, resumeValue = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '%')
            {
                resumePattern = ++p;
                resumeValue = v;
                continue;
            }
            if (p < pattern.Length)
            {
                var literal = pattern[p] == escape && p + 1 < pattern.Length;
                var c = literal ? pattern[p + 1] : pattern[p];
                if ((!literal && c == '_') || c == value[v])
                {
                    p += literal ? 2 : 1;
                    v++;
                    continue;
                }
            }
            if (resumePattern < 0)
            {
                return false;
            }
            p = resumePattern;
            v = ++resumeValue;
        }
        while (p < pattern.Length && pattern[p] == '%')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>
    /// The text as compared: upper case, with the accents of Latin, Greek and Cyrillic letters dropped ("Järvinen" and
    /// "Ja\u0308rvinen" both read "JARVINEN"), and the letters that carry their stroke or ligature in one character
    /// spelled as typed without it (Ø as O, ß as SS). Other scripts' marks change the letter (Japanese voicing: カ, ガ)
    /// and stay; Korean syllables come back whole.
    /// </summary>
    internal static string Fold(string text)
    {
        if (Ascii.IsValid(text))
        {
            return text.ToUpperInvariant();
        }
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is >= '\u0300' and <= '\u036F')
            {
                continue;
            }
            folded.Append(char.ToUpperInvariant(c) switch
            {
                'Ø' => "O",
                'Ł' => "L",
                'Đ' => "D",
                'Æ' => "AE",
                'Œ' => "OE",
                'ß' or 'ẞ' => "SS",
                'Þ' => "TH",
                var upper => upper.ToString(),
            });
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
