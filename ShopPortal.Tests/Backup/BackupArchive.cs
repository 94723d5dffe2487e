using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Backup;

/// <summary>A downloaded or written backup read back: its entries, unpacked as the README says, its database checked.</summary>
public sealed class BackupArchive
{
    private BackupArchive(IReadOnlyDictionary<string, byte[]?> entries, byte[] bytes)
    {
        Entries = entries;
        Bytes = bytes;
    }

    /// <summary>Every entry by name; folders have no content.</summary>
    public IReadOnlyDictionary<string, byte[]?> Entries { get; }

    public byte[] Bytes { get; }

    public static async Task<BackupArchive> ReadAsync(byte[] bytes)
    {
        var entries = new Dictionary<string, byte[]?>();
        await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            byte[]? content = null;
            if (entry.DataStream is not null)
            {
                using var copy = new MemoryStream();
                await entry.DataStream.CopyToAsync(copy);
                content = copy.ToArray();
            }
            entries.Add(entry.Name, content);
        }
        return new BackupArchive(entries, bytes);
    }

    /// <summary>Restore step "unpack the archive into the data folder".</summary>
    public async Task UnpackIntoAsync(string folder)
    {
        await using var gzip = new GZipStream(new MemoryStream(Bytes), CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(gzip, folder, overwriteFiles: false);
    }

    /// <summary>The names of the key files, as they sit in <c>keys/</c> of the data folder.</summary>
    public IReadOnlyList<string> KeyFiles =>
        [.. Entries.Keys.Where(n => n.StartsWith("keys/", StringComparison.Ordinal) && n.Length > "keys/".Length).Select(n => n["keys/".Length..]).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<string> KeyFilesIn(string dataDirectory) =>
        [.. Directory.EnumerateFiles(Path.Combine(dataDirectory, "keys"), "*.xml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Runs <paramref name="query"/> against the archive's database, unpacked into a temp folder of its own.</summary>
    public async Task<T> QueryDatabaseAsync<T>(Func<SqliteConnection, Task<T>> query)
    {
        var folder = TempFolder.Create("shopportal-backup-db");
        try
        {
            var path = Path.Combine(folder, "shopportal.db");
            await File.WriteAllBytesAsync(path, Entries["shopportal.db"]!);
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await connection.OpenAsync();
            return await query(connection);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    public static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
