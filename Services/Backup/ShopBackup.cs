using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace ShopPortal.Services.Backup;

/// <summary>
/// A backup of the shop as one .tar.gz laid out like the data folder (<c>shopportal.db</c>, <c>keys/</c>),
/// so restoring it is unpacking it into an empty data folder. The key ring travels with the database
/// because portal links and staff copies of them can only be read with the keys that protected them.
/// Mail files are left out: every email's text is in the outbox table.
/// </summary>
public sealed class ShopBackup(DataDirectory dataDirectory)
{
    public const string ContentType = "application/gzip";
    public const string DatabaseEntry = "shopportal.db";
    public const string KeysEntry = "keys/";

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = PrivateFile | UnixFileMode.UserExecute;

    public static string FileName(DateTimeOffset at) => $"shopportal-backup-{at.UtcDateTime:yyyyMMdd-HHmmss}.tar.gz";

    /// <summary>
    /// Writes the archive to <paramref name="destination"/>. The database is copied first, so a missing or
    /// unreadable database fails before a single byte is written.
    /// </summary>
    /// <exception cref="FileNotFoundException">The data folder has no database.</exception>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        var snapshot = Path.Combine(dataDirectory.Root, $"backup-tmp-{Guid.NewGuid():N}.db");
        try
        {
            await CopyDatabaseAsync(snapshot, cancellationToken);
            await WriteArchiveAsync(snapshot, destination, cancellationToken);
        }
        finally
        {
            // A copy that failed half way may have left its journal beside it.
            foreach (var suffix in (string[])["", "-journal", "-wal", "-shm"])
            {
                File.Delete(snapshot + suffix);
            }
        }
    }

    // SQLite's online backup API reads one consistent snapshot while the app goes on writing (WAL: readers
    // never block writers); a plain file copy of a live database can catch a half-written page or miss the WAL.
    private async Task CopyDatabaseAsync(string snapshot, CancellationToken cancellationToken)
    {
        if (!File.Exists(dataDirectory.DatabasePath))
        {
            throw new FileNotFoundException($"There is no database to back up at {dataDirectory.DatabasePath}. Check the DataDirectory setting.", dataDirectory.DatabasePath);
        }
        // ReadWrite, not ReadOnly: with the app stopped, SQLite must create the -wal and -shm files to read a
        // WAL database, and only a writable connection removes them again on close. The backup only reads.
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = dataDirectory.DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = snapshot,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await source.OpenAsync(cancellationToken);
        await copy.OpenAsync(cancellationToken);
        source.BackupDatabase(copy);

        // The copy keeps the WAL flag of its source; as a rollback-journal file it is complete on its own,
        // opens with any SQLite tool, and the app turns WAL back on when it starts on the restored folder.
        await using var command = copy.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task WriteArchiveAsync(string snapshot, Stream destination, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        await AddFileAsync(tar, snapshot, DatabaseEntry, cancellationToken);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, KeysEntry) { Mode = PrivateFolder }, cancellationToken);
        // Keys are read after the database copy, so every key its rows were protected with is included.
        // Only *.xml: that is all the key repository reads, and it renames each key into place complete.
        foreach (var key in Directory.EnumerateFiles(dataDirectory.KeysPath, "*.xml").Order(StringComparer.Ordinal))
        {
            await AddFileAsync(tar, key, KeysEntry + Path.GetFileName(key), cancellationToken);
        }
    }

    private static async Task AddFileAsync(TarWriter tar, string path, string name, CancellationToken cancellationToken)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        // The archive holds the key ring: unpacked, its files are readable by their owner only.
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = content,
            Mode = PrivateFile,
            ModificationTime = File.GetLastWriteTimeUtc(path),
        };
        await tar.WriteEntryAsync(entry, cancellationToken);
    }
}
