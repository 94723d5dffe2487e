using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class DataFolderTests
{
    [TestMethod]
    public async Task Everything_is_written_under_the_data_folder_in_WAL_mode()
    {
        using var app = new TestApp();
        await app.SignInAsync();

        Assert.IsTrue(File.Exists(Path.Combine(app.DataDirectory, "shopportal.db")));
        Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(app.DataDirectory, "keys")).Any(), "The Data Protection key ring lives in keys/.");
        Assert.IsTrue(Directory.Exists(Path.Combine(app.DataDirectory, "mail")));
        var (journal, foreignKeys) = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var mode = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA foreign_keys";
            var fk = (long)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA synchronous";
            Assert.AreEqual(2L, (long)(await command.ExecuteScalarAsync())!, "synchronous=FULL: a committed decision survives a power cut.");
            return (mode, fk);
        });
        Assert.AreEqual("wal", journal);
        Assert.AreEqual(1L, foreignKeys);
    }

    [TestMethod]
    public async Task A_data_folder_the_app_creates_is_its_owners_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Unix permissions.");
            return;
        }
        var parent = TempFolder.Create("shopportal-private");
        try
        {
            var folder = Path.Combine(parent, "data");
            using var app = new TestApp(dataDirectory: folder);
            await app.SignInAsync();
            const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            foreach (var path in new[] { folder, Path.Combine(folder, "keys"), Path.Combine(folder, "mail") })
            {
                Assert.AreEqual(OwnerOnly, File.GetUnixFileMode(path), $"{path}: other users could read the database and mail files.");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempFolder.Delete(parent);
        }
    }

    [TestMethod]
    public async Task Starting_twice_on_the_same_data_folder_keeps_everything()
    {
        var folder = TempFolder.Create("shopportal-restart");
        try
        {
            using (var first = new TestApp(dataDirectory: folder))
            {
                await first.LoadSampleDataAsync();
                await first.SignInAsync();
            }
            SqliteConnection.ClearAllPools();

            using var second = new TestApp(dataDirectory: folder);
            await second.SignInAsync();
            Assert.AreEqual(4, await second.WithDbAsync(db => db.WorkOrders.CountAsync()));
            Assert.AreEqual(1, await second.WithDbAsync(db => db.Users.CountAsync()), "The bootstrap manager is not created twice.");
            var applied = await second.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());
            CollectionAssert.AreEqual((await second.WithDbAsync(db => Task.FromResult(db.Database.GetMigrations()))).ToList(), applied.ToList());
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task Sample_data_loads_once_and_only_into_an_empty_database()
    {
        var folder = TempFolder.Create("shopportal-seed");
        try
        {
            var seed = new Dictionary<string, string?> { ["Demo:Seed"] = "true" };
            using (var first = new TestApp(settings: seed, dataDirectory: folder))
            {
                await first.SignInAsync();
                Assert.AreEqual(4, await first.WithDbAsync(db => db.WorkOrders.CountAsync()));
                Assert.AreEqual(20, await first.WithDbAsync(db => db.Discrepancies.CountAsync(d => d.WorkOrder.Number == "WO-1004")), "The benchmark work order has exactly 20 items.");
                Assert.IsFalse(await first.WithDbAsync(db => SampleData.LoadIfEmptyAsync(db, TimeProvider.System)));
            }
            SqliteConnection.ClearAllPools();
            using var second = new TestApp(settings: seed, dataDirectory: folder);
            await second.SignInAsync();
            Assert.AreEqual(4, await second.WithDbAsync(db => db.WorkOrders.CountAsync()));
            Assert.AreEqual(4, await second.WithDbAsync(db => db.Customers.CountAsync()));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task Sample_data_is_refused_when_the_shop_already_has_customers()
    {
        using var app = new TestApp();
        await app.WithDbAsync(async db => { db.Customers.Add(new Customer { Name = "Existing" }); await db.SaveChangesAsync(); });
        Assert.IsFalse(await app.WithDbAsync(db => SampleData.LoadIfEmptyAsync(db, TimeProvider.System)));
        Assert.AreEqual(0, await app.WithDbAsync(db => db.WorkOrders.CountAsync()));
    }

    [TestMethod]
    public async Task Sample_data_has_what_a_first_look_needs()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var orders = await app.WithDbAsync(db => db.WorkOrders.Include(w => w.Customer)
            .Include(w => w.Discrepancies).ThenInclude(d => d.Parts)
            .Include(w => w.Discrepancies).ThenInclude(d => d.Labor).ToListAsync());
        Assert.IsTrue(orders.Select(o => o.Status).Distinct().Count() >= 3);
        Assert.IsTrue(orders.Select(o => o.Customer).All(c => c.Email is not null));
        foreach (var order in orders.Where(o => o.Number != "WO-1004"))
        {
            Assert.IsTrue(order.Discrepancies.Count is >= 3 and <= 8, order.Number);
            Assert.IsTrue(order.Discrepancies.All(d => d.EstimatedHours > 0 && d.CorrectiveAction is not null && d.Parts.Count > 0), order.Number);
        }
        Assert.IsTrue(orders.SelectMany(o => o.Discrepancies).Any(d => d.Labor.Count > 0));
        Assert.IsTrue(orders.Single(o => o.Number == "WO-1004").Discrepancies.All(d => d.Parts.Count > 0 && d.Labor.Count > 0));
    }

    [TestMethod]
    public async Task Health_check_answers_without_sign_in()
    {
        using var app = new TestApp();
        var response = await app.CreateBrowserClient(false).GetAsync("/healthz");
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
