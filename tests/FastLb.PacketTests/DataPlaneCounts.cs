namespace FastLb.PacketTests;

/// <summary>Reads the per-reason counters of a loaded data plane and empties its flow tables, for the fixtures that hold one.</summary>
internal static class DataPlaneCounts
{
    /// <summary>Total packets counted under <paramref name="reason"/> over all CPUs.</summary>
    public static ulong Count(DataPlane dp, Reason reason) =>
        dp.Stats.LookupPerCpu<uint, Counter>((uint)reason).Aggregate(0ul, (s, c) => s + c.Packets);

    /// <summary>Packets per reason (index = reason), summed over CPUs.</summary>
    public static ulong[] Snapshot(DataPlane dp) => [.. Enum.GetValues<Reason>().Select(r => Count(dp, r))];

    /// <summary>The reasons whose count changed since <paramref name="before"/>, with the change.</summary>
    public static Dictionary<Reason, ulong> DeltaSince(DataPlane dp, ulong[] before)
    {
        var after = Snapshot(dp);
        return Enum.GetValues<Reason>().Where(r => after[(int)r] != before[(int)r])
            .ToDictionary(r => r, r => after[(int)r] - before[(int)r]);
    }

    /// <summary>Deletes every flow-keyed entry of each map.</summary>
    public static void Clear(params BpfMap[] maps)
    {
        foreach (var map in maps)
        {
            foreach (var key in map.Keys<FlowKey>().ToList())
            {
                map.Delete(key);
            }
        }
    }
}
