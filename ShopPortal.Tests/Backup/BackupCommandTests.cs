using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Backup;

/// <summary><c>dotnet ShopPortal.dll --backup PATH</c> run as a real process, as cron or a systemd timer would.</summary>
[TestClass]
public sealed class BackupCommandTests
{
    [TestMethod]
    public async Task The_backup_switch_writes_the_archive_and_exits_without_starting_the_server()
    {
        var folder = TempFolder.Create("shopportal-cli");
        var target = Path.Combine(TempFolder.Create("shopportal-cli-out"), "nightly.tar.gz");
        try
        {
            using (var app = new TestApp(dataDirectory: folder))
            {
                await app.LoadSampleDataAsync();
                await app.CreateLinkAsync("WO-1001", Data.PortalView.Estimate);
            }
            SqliteConnection.ClearAllPools();

            var run = await RunAppAsync(folder, "--backup", target);

            Assert.AreEqual(0, run.ExitCode, run.Output);
            StringAssert.Contains(run.Output, $"Backup written to {target}");
            var archive = await BackupArchive.ReadAsync(await File.ReadAllBytesAsync(target));
            var keys = BackupArchive.KeyFilesIn(folder);
            Assert.AreNotEqual(0, keys.Count);
            CollectionAssert.AreEquivalent(new[] { "shopportal.db", "keys/" }.Concat(keys.Select(k => "keys/" + k)).ToArray(), archive.Entries.Keys.ToArray());
            Assert.AreEqual(4L, await archive.QueryDatabaseAsync(db => BackupArchive.ScalarAsync(db, "SELECT COUNT(*) FROM WorkOrders")));
            Assert.AreEqual(1L, await archive.QueryDatabaseAsync(db => BackupArchive.ScalarAsync(db, "SELECT COUNT(*) FROM PortalAccessKeys")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target), "The archive holds the key ring.");
            }
            CollectionAssert.AreEquivalent(new[] { "shopportal.db", "keys", "mail" }, Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).ToArray(),
                "The data folder is left as it was: no temp copy, no -wal or -shm created by the backup.");
            Assert.IsFalse(File.Exists(target + ".partial"));
        }
        finally
        {
            TempFolder.Delete(folder);
            TempFolder.Delete(Path.GetDirectoryName(target)!);
        }
    }

    [TestMethod]
    public async Task The_backup_switch_fails_clearly_when_the_data_folder_has_no_database()
    {
        var folder = TempFolder.Create("shopportal-cli-empty");
        var target = Path.Combine(folder, "backup.tar.gz");
        try
        {
            var run = await RunAppAsync(folder, "--backup", target);

            Assert.AreEqual(1, run.ExitCode, run.Output);
            StringAssert.Contains(run.Output, $"There is no database to back up at {Path.Combine(folder, "shopportal.db")}");
            Assert.IsFalse(File.Exists(target));
            Assert.IsFalse(File.Exists(target + ".partial"));
            Assert.IsFalse(File.Exists(Path.Combine(folder, "shopportal.db")), "A backup never creates a database.");
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [TestMethod]
    public async Task A_backup_taken_while_the_app_writes_is_a_consistent_database()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var target = Path.Combine(app.DataDirectory, "..", $"{Path.GetFileName(app.DataDirectory)}-live.tar.gz");
        using var stop = new CancellationTokenSource();
        var commits = 0;
        // Each commit adds two customers in one transaction: a backup that caught half a transaction would hold an odd number.
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await app.WithDbAsync(async db =>
                {
                    db.Customers.AddRange(new Customer { Name = "Pair A" }, new Customer { Name = "Pair B" });
                    await db.SaveChangesAsync();
                });
                Interlocked.Increment(ref commits);
            }
        });
        try
        {
            var before = await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref commits)), n => n >= 20, "the writer's first commits");

            var run = await RunAppAsync(app.DataDirectory, "--backup", target);

            var after = Volatile.Read(ref commits);
            Assert.AreEqual(0, run.ExitCode, run.Output);
            Assert.IsTrue(after > before, "The app kept committing while the backup ran.");
            var archive = await BackupArchive.ReadAsync(await File.ReadAllBytesAsync(target));
            var (integrity, pairs, orphans) = await archive.QueryDatabaseAsync(async db => (
                (string)(await BackupArchive.ScalarAsync(db, "PRAGMA integrity_check"))!,
                (long)(await BackupArchive.ScalarAsync(db, "SELECT COUNT(*) FROM Customers WHERE Name LIKE 'Pair %'"))!,
                await BackupArchive.ScalarAsync(db, "PRAGMA foreign_key_check")));
            Assert.AreEqual("ok", integrity);
            Assert.IsNull(orphans, "No row points at a missing parent.");
            Assert.AreEqual(0L, pairs % 2, "Whole transactions only.");
            Assert.IsTrue(pairs >= 2 * before && pairs <= 2 * after, $"{pairs} customers: the backup is the database as it was at one moment of the run.");
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
            File.Delete(target);
        }
    }

    private sealed record Run(int ExitCode, string Output);

    private static async Task<Run> RunAppAsync(string dataDirectory, params string[] args)
    {
        // The app's build output is copied beside the tests (project reference); its appsettings.json too.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ShopPortal.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DataDirectory"] = dataDirectory;
        start.Environment["ASPNETCORE_CONTENTROOT"] = AppContext.BaseDirectory;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException("The backup command did not exit within a minute; did it start the web server?");
        }
        return new Run(process.ExitCode, await output + await errors);
    }
}
