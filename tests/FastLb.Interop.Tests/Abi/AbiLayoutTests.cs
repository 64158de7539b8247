namespace FastLb.Interop.Tests.Abi;

/// <summary>The C# mirrors in FastLb.Interop.Abi against the BTF of the compiled objects.</summary>
public sealed class AbiLayoutTests
{
    public static TheoryData<string, Type, string> Structs()
    {
        var data = new TheoryData<string, Type, string>();
        foreach (var obj in new[] { "fastlb", "interop_maps" })
        {
            data.Add(obj, typeof(VipKey), "fastlb_vip_key");
            data.Add(obj, typeof(Service), "fastlb_service");
            data.Add(obj, typeof(Real), "fastlb_real");
            data.Add(obj, typeof(Topology), "fastlb_topology");
            data.Add(obj, typeof(FlowKey), "fastlb_flow_key");
            data.Add(obj, typeof(Flow), "fastlb_flow");
            data.Add(obj, typeof(FlowSlot), "fastlb_flow_slot");
            data.Add(obj, typeof(FlowBucket), "fastlb_flow_bucket");
            data.Add(obj, typeof(Counter), "fastlb_counter");
            data.Add(obj, typeof(RealCounter), "fastlb_real_counter");
            data.Add(obj, typeof(VipAddr), "fastlb_vip_addr");
            data.Add(obj, typeof(Hop), "fastlb_hop");
            data.Add(obj, typeof(Encap), "fastlb_encap");
            data.Add(obj, typeof(StickyKey), "fastlb_sticky_key");
            data.Add(obj, typeof(Sticky), "fastlb_sticky");
            data.Add(obj, typeof(Timeouts), "fastlb_timeouts");
        }
        data.Add("fastlb", typeof(RealHop), "fastlb_real_hop");
        // fastlb.bpf.o only sizes the NAT table's template (maps.h): its BTF holds no definition.
        data.Add("interop_maps", typeof(Nat), "fastlb_nat");
        data.Add("decap", typeof(DecapConfig), "fastlb_decap_config");
        data.Add("decap", typeof(VipAddr), "fastlb_vip_addr");
        data.Add("decap", typeof(Counter), "fastlb_counter");
        data.Add("interop_maps", typeof(DecapConfig), "fastlb_decap_config");
        return data;
    }

    [Theory]
    [MemberData(nameof(Structs))]
    public void Struct_ComparedWithBtf_MatchesSizeAndEveryOffset(string obj, Type type, string cName)
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject(obj));
        var differences = AbiComparer.Differences(type, btf.Struct(cName));
        Assert.Empty(differences);
    }

    [Fact]
    public void Comparer_MismatchedStruct_ReportsEveryDifference()
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject("interop_maps"));
        var differences = AbiComparer.Differences(typeof(MisorderedVipKey), btf.Struct("fastlb_vip_key"));
        Assert.Equal(
            [
                "MisorderedVipKey: size 24, struct fastlb_vip_key: 20",
                "MisorderedVipKey.Addr: offset 4, fastlb_vip_key.addr: 0",
                "MisorderedVipKey.Port: offset 0, fastlb_vip_key.port: 16",
                "MisorderedVipKey.Proto: offset 20, fastlb_vip_key.proto: 18",
                "MisorderedVipKey.Proto: size 2, fastlb_vip_key.proto: 1",
                "MisorderedVipKey.Family: offset 22, fastlb_vip_key.family: 19",
            ],
            differences);
    }

    [Fact]
    public void Btf_MissingStruct_ThrowsNamingIt()
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject("interop_maps"));
        var e = Assert.Throws<KeyNotFoundException>(() => btf.Struct("fastlb_nothing"));
        Assert.Contains("struct fastlb_nothing", e.Message);
    }

    public static TheoryData<Type, string, string> Enums() => new()
    {
        { typeof(Family), "fastlb_family", "FASTLB_AF_" },
        { typeof(Mode), "fastlb_mode", "FASTLB_MODE_" },
        { typeof(Algorithm), "fastlb_algorithm", "FASTLB_ALG_" },
        { typeof(RealFlags), "fastlb_real_flags", "FASTLB_REAL_F_" },
        { typeof(Reason), "fastlb_reason", "FASTLB_R_" },
        { typeof(ServiceFlags), "fastlb_service_flags", "FASTLB_SVC_F_" },
        { typeof(TopologyFlags), "fastlb_topology_flags", "FASTLB_TOPO_F_" },
        { typeof(VipFlags), "fastlb_vip_flags", "FASTLB_VIP_F_" },
        { typeof(Port), "fastlb_port", "FASTLB_PORT_" },
        { typeof(DecapReason), "fastlb_decap_reason", "FASTLB_DECAP_R_" },
        { typeof(HashFields), "fastlb_hash_field", "FASTLB_HF_" },
        { typeof(FlowState), "fastlb_flow_state", "FASTLB_FS_" },
        { typeof(FlowEvent), "fastlb_flow_event", "FASTLB_FE_" },
        { typeof(FlowBucketFlags), "fastlb_flow_bucket_flags", "FASTLB_FLOW_B_" },
        { typeof(VipHintFlags), "fastlb_vip_hint_flags", "FASTLB_VIP_HINT_" },
        { typeof(NatTab), "fastlb_nat_tab", "FASTLB_NAT_T_" },
    };

    [Theory]
    [MemberData(nameof(Enums))]
    public void Enum_ComparedWithBtf_HasEveryValue(Type type, string cName, string prefix)
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject("interop_maps"));
        var expected = btf.EnumValues(cName)
            .Where(v => v.Key is not ("FASTLB_R_MAX" or "FASTLB_PORT_MAX" or "FASTLB_DECAP_R_MAX" or "FASTLB_FE_MAX"))
            .Select(v => (AbiComparer.Pascal(v.Key[prefix.Length..]), (long)v.Value))
            .ToList();
        var actual = Enum.GetValues(type).Cast<object>()
            .Select(v => (v.ToString()!, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(v => v.Item1 != "None")
            .ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ReasonCount_ComparedWithBtf_EqualsReasonMax()
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject("interop_maps"));
        Assert.Equal(AbiLimits.ReasonCount, btf.EnumValue("fastlb_reason", "FASTLB_R_MAX"));
        Assert.Equal(AbiLimits.ReasonCount, Reasons.All.Count);
        Assert.Equal(AbiLimits.DecapReasonCount, btf.EnumValue("fastlb_decap_reason", "FASTLB_DECAP_R_MAX"));
        Assert.Equal(AbiLimits.DecapReasonCount, Enum.GetValues<DecapReason>().Length);
    }

    [Fact]
    public void EnumValue_MissingMember_ThrowsNamingIt()
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject("interop_maps"));
        var e = Assert.Throws<KeyNotFoundException>(() => btf.EnumValue("fastlb_reason", "FASTLB_R_NOPE"));
        Assert.Contains("FASTLB_R_NOPE", e.Message);
    }

    [Fact]
    public void ParseElf_MissingFile_ThrowsBpfExceptionWithPath()
    {
        var e = Assert.Throws<BpfException>(() => Btf.ParseElf("/nonexistent/x.bpf.o"));
        Assert.Contains("/nonexistent/x.bpf.o", e.Message);
        Assert.Equal(2, e.Errno);
    }
}
