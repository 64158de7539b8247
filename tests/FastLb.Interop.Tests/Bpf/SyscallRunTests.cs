namespace FastLb.Interop.Tests.Bpf;

/// <summary>A syscall program runs once per call with the context it is given (here a range of an
/// array it sums with bpf_loop); a context shorter than the program reads is refused.</summary>
public sealed class SyscallRunTests
{
    [RootFact]
    public void RunSyscall_RangeAsContext_SumsThatRangeOnly()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("loop_sum"));
        obj.Load();
        var items = obj.Map("t_items");
        var sum = obj.Map("t_sum");
        for (var i = 0u; i < 16; i++)
        {
            items.Update(i, (ulong)(i + 1) * 10);
        }

        Assert.Equal(0, obj.Program("loop_sum").RunSyscall(Range(2, 3)));
        Assert.Equal((30ul + 40 + 50, 3ul), (Read(sum, 0), Read(sum, 1)));

        // A range past the end stops at the last element.
        Assert.Equal(0, obj.Program("loop_sum").RunSyscall(Range(14, 10)));
        Assert.Equal((120ul + 150 + 160, 5ul), (Read(sum, 0), Read(sum, 1)));
    }

    [RootFact]
    public void RunSyscall_ContextShorterThanRead_Refused()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("loop_sum"));
        obj.Load();

        var e = Assert.Throws<BpfException>(() => obj.Program("loop_sum").RunSyscall(new byte[4]));
        Assert.Equal(22, e.Errno); // EINVAL
        Assert.Contains("syscall program 'loop_sum' (4-byte context)", e.Message);
    }

    private static byte[] Range(uint first, uint count) => [.. BitConverter.GetBytes(first), .. BitConverter.GetBytes(count)];

    private static ulong Read(BpfMap map, uint key) => map.TryLookup(key, out ulong n) ? n : throw new InvalidOperationException($"no entry {key}");
}
