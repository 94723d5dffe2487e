using System.Runtime.InteropServices;
using ShopPortal.Services;

namespace ShopPortal.Tests.Performance;

[TestClass]
public sealed class NativeMemoryTrimTests
{
    [TestMethod]
    public void Free_native_memory_held_between_live_blocks_goes_back_to_the_system()
    {
        if (NativeMemoryTrim.TrimNow() is null)
        {
            Assert.Inconclusive("malloc_trim is glibc's: this system has none.");
        }
        // Small blocks (below glibc's mmap threshold) with every other one freed: holes the C library keeps.
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)1);
        var blocks = new IntPtr[400];
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
            Assert.IsTrue(NativeMemoryTrim.TrimNow(), "The freed holes went back to the system.");
        }
        finally
        {
            foreach (var block in blocks)
            {
                Marshal.FreeHGlobal(block);
            }
        }
    }
}
