using System.Net;
using System.Text.RegularExpressions;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Backup;

[TestClass]
public sealed partial class BackupDownloadTests
{
    [TestMethod]
    public async Task A_manager_downloads_the_database_and_the_key_ring_from_the_settings_page()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var client = await app.SignInAsync();
        var settings = await client.GetPageAsync("/Settings");
        var download = settings.FormWithButton("Download backup");

        var response = await client.SubmitAsync(download.Form, submitter: download.Button);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("application/gzip", response.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        StringAssert.Matches(response.Content.Headers.ContentDisposition.FileName, BackupFileName());
        Assert.AreEqual("no-store", response.Headers.CacheControl!.ToString());
        var archive = await BackupArchive.ReadAsync(await response.Content.ReadAsByteArrayAsync());
        var keys = BackupArchive.KeyFilesIn(app.DataDirectory);
        Assert.AreNotEqual(0, keys.Count);
        CollectionAssert.AreEquivalent(new[] { "shopportal.db", "keys/" }.Concat(keys.Select(k => "keys/" + k)).ToArray(), archive.Entries.Keys.ToArray(),
            "Exactly the data folder's layout: the database and the key files, no mail, no WAL, no temp file.");
        CollectionAssert.AreEqual(keys.ToArray(), archive.KeyFiles.ToArray());
        foreach (var key in keys)
        {
            CollectionAssert.AreEqual(await File.ReadAllBytesAsync(Path.Combine(app.DataDirectory, "keys", key)), archive.Entries["keys/" + key]);
        }
        Assert.AreEqual(4L, await archive.QueryDatabaseAsync(db => BackupArchive.ScalarAsync(db, "SELECT COUNT(*) FROM WorkOrders")));
        Assert.IsFalse(Directory.EnumerateFiles(app.DataDirectory, "backup-tmp-*").Any(), "The database copy is deleted once sent.");
    }

    [TestMethod]
    public async Task A_technician_cannot_download_a_backup()
    {
        using var app = new TestApp();
        await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var manager = await app.SignInAsync();
        var download = (await manager.GetPageAsync("/Settings")).FormWithButton("Download backup");
        var technician = await app.SignInAsync(TestApp.TechnicianEmail);

        var settings = await technician.GetAsync("/Settings");
        var response = await technician.SubmitAsync(download.Form, submitter: download.Button);

        Assert.AreEqual(HttpStatusCode.Forbidden, settings.StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.AreNotEqual("application/gzip", response.Content.Headers.ContentType?.MediaType);
    }

    [TestMethod]
    public async Task Anonymous_visitors_are_sent_to_sign_in_instead_of_a_backup()
    {
        using var app = new TestApp();
        var download = (await (await app.SignInAsync()).GetPageAsync("/Settings")).FormWithButton("Download backup");
        var anonymous = app.CreateBrowserClient(followRedirects: false);

        var response = await anonymous.SubmitAsync(download.Form, submitter: download.Button);

        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode);
        StringAssert.Contains(response.Headers.Location!.ToString(), "/Account/Login");
        Assert.AreNotEqual("application/gzip", response.Content.Headers.ContentType?.MediaType);
    }

    [TestMethod]
    public async Task A_download_without_the_antiforgery_token_is_refused()
    {
        using var app = new TestApp();
        var manager = await app.SignInAsync();

        var response = await manager.PostAsync("/Settings/Backup", new FormUrlEncodedContent([]));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreNotEqual("application/gzip", response.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex(@"^shopportal-backup-\d{8}-\d{6}\.tar\.gz$")]
    private static partial Regex BackupFileName();
}
