using System.Runtime.InteropServices;
using ShopPortal.Services;

namespace ShopPortal.Tests.Performance;

[TestClass]
public sealed class NativeMemoryTrimTests
{
    [TestMethod]
    public void Free_native_memory_held_between_live_blocks_goes_back_to_the_system()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal))
        {
            Assert.Inconclusive("malloc_trim is glibc's.");
        }
        // Small blocks (below glibc's mmap threshold) with every other one freed: 25 MB of holes the C library keeps.
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)1);
        var blocks = new IntPtr[800];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(filler.Length);
            Marshal.Copy(filler, 0, blocks[i], filler.Length);
        }
        try
        {
            for (var i = 0; i < blocks.Length; i += 2)
            {
                Marshal.FreeHGlobal(blocks[i]);
                blocks[i] = IntPtr.Zero;
            }
            var before = ResidentAnonymousKilobytes();
            // Whether memory went back is read from the process, not from malloc_trim's answer: it says yes as soon as
            // any arena had a free page. Null would mean the binding to glibc is broken.
            Assert.IsNotNull(NativeMemoryTrim.TrimNow(), "glibc's malloc_trim is reachable.");
            var released = before - ResidentAnonymousKilobytes();
            Assert.IsGreaterThanOrEqualTo(12 * 1024, released, $"The holes left the process: {released} KB released of about 25,000.");
        }
        finally
        {
            foreach (var block in blocks)
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }

    private static long ResidentAnonymousKilobytes() =>
        long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith("RssAnon:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
}
