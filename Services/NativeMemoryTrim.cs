using System.Runtime.InteropServices;

namespace ShopPortal.Services;

/// <summary>
/// Hands the native heap's free pages back to the operating system every <c>Memory:NativeTrimMilliseconds</c>.
/// glibc gives each busy thread an arena of its own and keeps what is freed there for reuse: under load the
/// request threads, the JIT compiling hot methods and SQLite leave some 15 to 25 MB free but held, most of the
/// native heap. <c>malloc_trim</c> returns it; other C libraries (musl) do not have it and are left alone.
/// </summary>
public sealed class NativeMemoryTrim(IConfiguration configuration, ILogger<NativeMemoryTrim> logger) : BackgroundService
{
    /// <summary>Trims once: true when memory went back to the system, null where there is no glibc.</summary>
    public static bool? TrimNow()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Memory:NativeTrimMilliseconds", 500);
        if (interval <= 0 || TrimNow() is null)
        {
            return;
        }
        logger.LogDebug("Returning the native heap's free memory to the system every {Interval} ms", interval);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            TrimNow();
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
