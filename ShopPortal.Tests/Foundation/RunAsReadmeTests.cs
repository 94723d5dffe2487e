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
            using var app = await AppProcess.StartAsync(folder, new Dictionary<string, string>
            {
                ["Bootstrap__ManagerEmail"] = TestApp.ManagerEmail,
                ["Bootstrap__ManagerPassword"] = TestApp.Password,
            });
            var client = app.Client(followRedirects: true);
            var login = await client.GetPageAsync("/Account/Login");
            var home = await client.SubmitPageAsync(login.Form("form#account"), new() { ["Input.Email"] = TestApp.ManagerEmail, ["Input.Password"] = TestApp.Password });
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
