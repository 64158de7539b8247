namespace FastLb.PacketTests.Modes;

/// <summary>The L3 DSR test classes share one namespace and loaded object, one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EncapCollection : ICollectionFixture<EncapFixture>
{
    public const string Name = "encap";
}
