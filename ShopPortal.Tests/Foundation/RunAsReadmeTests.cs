using System.Net;
using Microsoft.Data.Sqlite;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

/// <summary>The built app as its own process, in the environment the README's run command gives it.</summary>
[TestClass]
public sealed class RunAsReadmeTests
{
    [TestMethod]
    public async Task Every_stylesheet_and_script_of_the_staff_pages_is_served()
    {
        var folder = TempFolder.Create("shopportal-run");
        try
        {
            using var app = await AppProcess.StartAsync(folder, AppProcess.BootstrapManager);
            var login = await app.Client().GetPageAsync("/Account/Login");
            var client = await app.SignInManagerAsync();
            var home = await client.GetPageAsync("/WorkOrders");
            var forgot = await client.GetPageAsync("/Identity/Account/ForgotPassword");

            var assets = new[] { login, home, forgot }
                .SelectMany(page => page.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
                    .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!))
                .Distinct()
                .ToList();
            Assert.IsTrue(assets.Count >= 3, string.Join(", ", assets));
            foreach (var asset in assets)
            {
                var response = await client.GetAsync(asset);
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, asset);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.Delete(folder);
        }
    }
}
