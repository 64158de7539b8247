namespace FastLb.Interop.Tests.Bpf;

/// <summary>A map-element iterator attached to one map walks every element on each run; a map whose
/// values are smaller than the program reads is refused at attachment.</summary>
public sealed class MapIteratorTests
{
    [RootFact]
    public void Run_ThreeElements_EachWalkedOncePerRun()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("iter_sum"));
        obj.Load();
        var items = obj.Map("t_items");
        var sum = obj.Map("t_sum");
        items.Update(1u, 10ul);
        items.Update(2u, 20ul);
        items.Update(7u, 70ul);
        using var iterator = BpfMapIterator.Attach(obj.Program("iter_sum"), items);

        iterator.Run();
        Assert.Equal((100ul, 3ul), (Read(sum, 0), Read(sum, 1)));

        items.Delete(2u);
        iterator.Run();
        Assert.Equal((180ul, 5ul), (Read(sum, 0), Read(sum, 1)));
    }

    [RootFact]
    public void Attach_ValuesSmallerThanTheProgramReads_Refused()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("iter_sum"));
        obj.Load();

        var e = Assert.Throws<BpfException>(() => BpfMapIterator.Attach(obj.Program("iter_sum"), obj.Map("t_small")));
        Assert.Equal(13, e.Errno); // EACCES
        Assert.Contains("iter_sum over map t_small", e.Message);
    }

    private static ulong Read(BpfMap map, uint key) => map.TryLookup(key, out ulong n) ? n : throw new InvalidOperationException($"no entry {key}");
}
