using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Services.Portal;
using ShopPortal.Tests.Pdf;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Backup;

/// <summary>The README's restore: a new, empty data folder, the archive unpacked into it, the app started on it.</summary>
[TestClass]
public sealed class RestoreTests
{
    private const string Signer = "Dana Whitfield";

    [TestMethod]
    public async Task A_restored_backup_keeps_portal_links_and_signatures_working()
    {
        var (archive, link, signaturePng) = await SignedShopBackupAsync();
        var folder = TempFolder.Create("shopportal-restored");
        try
        {
            await archive.UnpackIntoAsync(folder);
            using var restored = new TestApp(dataDirectory: folder);

            var customer = restored.CreateBrowserClient();
            var page = await customer.GetPageAsync(link.Path());
            Assert.AreEqual(HttpStatusCode.OK, page.Status);
            StringAssert.Contains(page.Document.QuerySelector("h1")!.TextContent, "Estimate WO-1001");
            StringAssert.Contains(page.Document.QuerySelector("#signatures")!.TextContent, Signer);

            var staff = await restored.SignInAsync();
            var workOrder = await staff.GetPageAsync($"/WorkOrders/{await restored.WorkOrderIdAsync("WO-1001")}");
            var signature = workOrder.Document.QuerySelector("[data-signature]")!;
            StringAssert.Contains(signature.TextContent, Signer);
            var image = signature.QuerySelector("img")!.GetAttribute("src")!;
            CollectionAssert.AreEqual(signaturePng, Convert.FromBase64String(image["data:image/png;base64,".Length..]), "The same drawn signature.");

            using var pdf = new PdfReader(await customer.GetByteArrayAsync(link.Path() + "/pdf"));
            StringAssert.Contains(pdf.Squashed, PdfReader.Squash(Signer));
            Assert.AreEqual(1, pdf.Pages.Sum(p => p.GetImages().Count()), "The signature is embedded in the PDF.");

            Assert.AreEqual("wal", await JournalModeAsync(restored), "The app put the restored database back in WAL mode at start-up.");
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task The_database_restored_without_its_keys_folder_no_longer_opens_links()
    {
        var (archive, link, _) = await SignedShopBackupAsync();
        var folder = TempFolder.Create("shopportal-restored-no-keys");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "shopportal.db"), archive.Entries["shopportal.db"]!);
            using var restored = new TestApp(dataDirectory: folder);

            var response = await restored.CreateBrowserClient().GetAsync(link.Path());

            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode, "Links need the key ring that protected them: that is why it is in the archive.");
            Assert.AreEqual(1, await restored.WithDbAsync(db => db.WorkAuthorizations.CountAsync()));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    /// <summary>A shop whose customer signed the WO-1001 estimate through the portal, backed up from the Settings page.</summary>
    private static async Task<(BackupArchive Archive, IssuedLink Link, byte[] SignaturePng)> SignedShopBackupAsync()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var link = await app.CreateLinkAsync("WO-1001", PortalView.Estimate);
        var customer = app.CreateBrowserClient();
        var page = await customer.GetPageAsync(link.Path());
        page = await customer.SubmitPageAsync(page.Form("#sign-form"), new()
        {
            ["Form.SignerName"] = Signer,
            ["Form.Signature"] = PortalKit.SignatureDataUrl(),
        });
        StringAssert.Contains(page.Text, "Thank you. Your signature authorizes the approved work.");
        var signaturePng = await app.WithDbAsync(db => db.WorkAuthorizations.Select(a => a.SignaturePng).SingleAsync());

        var manager = await app.SignInAsync();
        var download = (await manager.GetPageAsync("/Settings")).FormWithButton("Download backup");
        var response = await manager.SubmitAsync(download.Form, submitter: download.Button);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return (await BackupArchive.ReadAsync(await response.Content.ReadAsByteArrayAsync()), link, signaturePng);
    }

    private static Task<string> JournalModeAsync(TestApp app) => app.WithDbAsync(async db =>
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        return (string)(await BackupArchive.ScalarAsync(connection, "PRAGMA journal_mode"))!;
    });
}
