namespace FastLb.PacketTests.Modes;

/// <summary>The mode test classes share one namespace and loaded object, one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ModesCollection : ICollectionFixture<ModesFixture>
{
    public const string Name = "modes";
}
