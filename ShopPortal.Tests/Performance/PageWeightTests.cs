using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Performance;

/// <summary>Customers open the portal on phones over slow networks: the first load stays small and cacheable.</summary>
[TestClass]
public sealed partial class PageWeightTests
{
    private const int Budget = 50 * 1024;

    [TestMethod]
    [DataRow(PortalView.Estimate)]
    [DataRow(PortalView.WorkAuthorization)]
    [DataRow(PortalView.ProgressReport)]
    [DataRow(PortalView.Invoice)]
    public async Task The_first_load_of_a_20_item_portal_view_is_compressed_fingerprinted_cached_and_under_50_KB(PortalView view)
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1004", view);
        using var client = app.CreateDefaultClient();
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var page = await client.GetAsync(link.Path());
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.IsTrue(page.Content.Headers.ContentEncoding.Count == 1, "The page is compressed.");
        var html = await Decompress(page);
        var total = (await page.Content.ReadAsByteArrayAsync()).Length;

        var assets = AssetReferences().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.IsTrue(assets.Count >= 2, "The portal's stylesheet and script.");
        Assert.IsFalse(ScriptInHead().IsMatch(html), "No render-blocking script in <head>.");
        foreach (var url in assets)
        {
            StringAssert.Matches(url, Fingerprinted(), $"{url} is fingerprinted.");
            var asset = await client.GetAsync(url);
            Assert.AreEqual(HttpStatusCode.OK, asset.StatusCode, url);
            Assert.IsTrue(asset.Content.Headers.ContentEncoding.Count == 1, $"{url} is served compressed.");
            var cache = asset.Headers.CacheControl!;
            Assert.AreEqual(TimeSpan.FromDays(365), cache.MaxAge, $"{url} is cached for a year.");
            StringAssert.Contains(cache.ToString(), "immutable", url);
            total += (await asset.Content.ReadAsByteArrayAsync()).Length;
        }
        Assert.IsTrue(total <= Budget, $"First load is {total:N0} bytes compressed; the budget is {Budget:N0}.");
    }

    private static async Task<string> Decompress(HttpResponseMessage response)
    {
        var stream = await response.Content.ReadAsStreamAsync();
        Stream reader = response.Content.Headers.ContentEncoding.Single() switch
        {
            "br" => new System.IO.Compression.BrotliStream(stream, System.IO.Compression.CompressionMode.Decompress),
            _ => new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress),
        };
        using var text = new StreamReader(reader);
        return await text.ReadToEndAsync();
    }

    [GeneratedRegex("(?:href|src)=\"(?<url>/[^\"]+\\.(?:css|js))\"")]
    private static partial Regex AssetReferences();

    [GeneratedRegex(@"\.[a-z0-9]{8,}\.(css|js)$")]
    private static partial Regex Fingerprinted();

    [GeneratedRegex(@"<head>(?:(?!</head>).)*<script(?![^>]*\b(defer|async)\b)", RegexOptions.Singleline)]
    private static partial Regex ScriptInHead();
}
