using Microsoft.Data.Sqlite;

namespace ShopPortal.Services.Backup;

/// <summary>
/// <c>--backup PATH</c>: writes a backup archive and exits instead of starting the web server, for cron or a
/// systemd timer. Safe while the server runs on the same data folder; it never changes the database.
/// </summary>
public static class BackupCommand
{
    private const string Switch = "--backup";

    /// <summary>False when the command line asks for no backup; otherwise runs it and sets the exit code.</summary>
    public static async Task<bool> TryRunAsync(string[] args, WebApplicationBuilder builder)
    {
        var index = Array.FindIndex(args, a => a == Switch || a.StartsWith(Switch + "=", StringComparison.Ordinal));
        if (index < 0)
        {
            return false;
        }
        var path = args[index].Length > Switch.Length ? args[index][(Switch.Length + 1)..]
            : index + 1 < args.Length ? args[index + 1] : "";
        if (string.IsNullOrWhiteSpace(path) || path.StartsWith("--", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("Usage: ShopPortal --backup PATH (for example --backup /var/backups/shopportal.tar.gz)");
            Environment.ExitCode = 1;
            return true;
        }
        var dataDirectory = DataDirectory.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        Environment.ExitCode = await WriteAsync(new ShopBackup(dataDirectory), Path.GetFullPath(path));
        return true;
    }

    private static async Task<int> WriteAsync(ShopBackup backup, string target)
    {
        // Written beside the target and renamed when complete: a failed run never leaves a truncated archive
        // under the name a restore would look for.
        var partial = target + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            // The archive holds the key ring.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            await using (var file = new FileStream(partial, options))
            {
                await backup.WriteAsync(file, CancellationToken.None);
            }
            File.Move(partial, target, overwrite: true);
            await Console.Out.WriteLineAsync($"Backup written to {target}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            File.Delete(partial);
            await Console.Error.WriteLineAsync($"Backup failed: {e.Message}");
            return 1;
        }
    }
}
