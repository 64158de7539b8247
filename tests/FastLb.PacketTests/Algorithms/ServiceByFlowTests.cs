namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// An established flow's packet finds its service by the id its connection-table entry holds,
/// confirmed by the key's tag in fastlb_service_live, and a new flow's by the VIP filter's hint,
/// confirmed by fastlb_service_key; the service map decides everything else the filter lets
/// through, and nothing it does not. These tests take one piece away at a time.
/// </summary>
public sealed class ServiceByFlowTests
{
    private const string Keys = "    ring-size: 13\n";
    private static readonly IPAddress Client = IPAddress.Parse("198.51.100.9");

    private static VipKey ServiceKey => VipKey.Create(AlgoPlane.Vip, 80, 6);

    [RootFact]
    public void ServiceMapEntryGone_FlowsFoundWithoutIt_NewFlowsOnlyWhileTheHintIsConfirmed()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1, 1));
        var index = p.Plane.Dp.Services.Index!;
        var real = p.Send(Client, 40000);
        Assert.NotNull(real);
        Assert.Equal(1, index.Count(ServiceKey));

        // Only the hash entry goes (ServiceTable.Delete would clear tag, hint and key first): flows are
        // forwarded only through the entry's id and the hint, so C# and the program agree on both.
        Assert.True(p.Plane.Dp.Services.Ids.Delete(ServiceKey));
        var before = p.Plane.Snapshot();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(real, p.Send(Client, 40000, TcpFlags.Ack));
        }
        Assert.NotNull(p.Send(Client, 40001));

        // A hint whose id holds another key confirms nothing: the new flow asks the service map.
        p.Plane.Dp.Services.Index!.Clear(p.Service.Id);
        Assert.Null(p.Send(Client, 40002));
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxForward] = 6, [Reason.PassNotVip] = 1 }, p.Plane.DeltaSince(before));
    }

    [RootFact]
    public void ServiceDeleted_EstablishedAndNewFlowsStopAtOnce()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1, 1));
        Assert.NotNull(p.Send(Client, 40000));
        var id = p.Service.Id;

        Assert.True(p.Plane.Dp.Services.Delete(ServiceKey));
        Assert.Equal(0u, p.Plane.Dp.Services.Tag(id));
        Assert.Equal(0, p.Plane.Dp.Services.Index!.Count(ServiceKey));
        Assert.Null(p.Plane.Dp.Services.Index.Hint(ServiceKey));
        var before = p.Plane.Snapshot();
        Assert.Null(p.Send(Client, 40000, TcpFlags.Ack));
        Assert.Null(p.Send(Client, 40001));
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotVip] = 2 }, p.Plane.DeltaSince(before));
    }

    [RootFact]
    public void FilterCountsNoKey_NoServiceForThePacket_ThoughTheServiceMapHoldsIt_CountedAgain_FlowsKeepTheirReals()
    {
        // The controller counts a key before the service map holds it and uncounts it after it left,
        // so the program takes the filter's "no" as final: neither map is asked (forward.h).
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1, 1));
        var reals = Enumerable.Range(0, 30).Select(i => p.Send(Client, (ushort)(41000 + i))).ToList();
        Assert.All(reals, Assert.NotNull);
        var opened = p.Events(FlowEvent.New) + p.Events(FlowEvent.NewSyn);

        using var filter = MappedArray.Map(p.Plane.Dp.Services.Index!.Filter);
        var counted = filter.Span.ToArray();
        filter.Span.Clear();
        Assert.True(p.Plane.Dp.Services.TryLookupId(ServiceKey, out _));
        var before = p.Plane.Snapshot();
        Assert.All(Enumerable.Range(0, 30).Select(i => p.Send(Client, (ushort)(41000 + i), TcpFlags.Ack)), Assert.Null);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotVip] = 30 }, p.Plane.DeltaSince(before));

        counted.CopyTo(filter.Span);
        var again = Enumerable.Range(0, 30).Select(i => p.Send(Client, (ushort)(41000 + i), TcpFlags.Ack)).ToList();
        Assert.Equal(reals, again);
        Assert.Equal(opened, p.Events(FlowEvent.New) + p.Events(FlowEvent.NewSyn));
    }

    [RootFact]
    public void LiveWordWithoutTag_EstablishedFlowKeepsItsReal()
    {
        // A service map adopted from a version that wrote no tags: the entry's id is not confirmed,
        // so the service map is asked and the entry is looked up again under its id.
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1, 1));
        var reals = Enumerable.Range(0, 30).Select(i => p.Send(Client, (ushort)(42000 + i))).ToList();
        var opened = p.Events(FlowEvent.New) + p.Events(FlowEvent.NewSyn);
        var id = p.Service.Id;
        using (var live = MappedArray.Map(p.Plane.Dp.Services.Live))
        {
            live.Write((int)id * 2, p.Plane.Dp.Services.LiveCopy(id));
        }
        Assert.Equal(0u, p.Plane.Dp.Services.Tag(id));

        var again = Enumerable.Range(0, 30).Select(i => p.Send(Client, (ushort)(42000 + i), TcpFlags.Ack)).ToList();
        Assert.Equal(reals, again);
        Assert.Equal(opened, p.Events(FlowEvent.New) + p.Events(FlowEvent.NewSyn));
    }
}
