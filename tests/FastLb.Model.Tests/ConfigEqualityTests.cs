// Generated record equality: a change to any single property makes configs differ; where they were written does not.
using System.Net.NetworkInformation;
using System.Reflection;

namespace FastLb.Model.Tests;

public sealed class ConfigEqualityTests
{
    private static readonly HealthCheckConfig Check = new()
    {
        Type = CheckType.Http,
        Address = IPAddress.Parse("192.0.2.11"),
        Port = 80,
        Headers = new Dictionary<string, string> { ["X-Probe"] = "fastlb" },
        Send = [1, 2],
        Expect = [3],
        DnsName = "example.test",
    };

    private static readonly RealConfig Real = new("r1", IPAddress.Parse("192.0.2.11"), 80, PhysicalAddress.Parse("02-00-00-00-00-11"), 1, Check);

    private static readonly ServiceConfig Service = new("web", IPAddress.Parse("203.0.113.10"), 80, L4Protocol.Tcp, ForwardingMode.DsrL2,
        SchedulingAlgorithm.Maglev, 65537, AllDownPolicy.Drop, Real, Check, [Real]);

    private static readonly FastLbConfig Config = new("veth0", "lb", "127.0.0.1:9100", [Service]);

    public static TheoryData<string, string> Properties()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in new[] { typeof(FastLbConfig), typeof(ServiceConfig), typeof(RealConfig), typeof(HealthCheckConfig) })
        {
            foreach (var property in Settable(type))
            {
                data.Add(type.Name, property.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void Equals_OnePropertyChanged_DiffersUnlessItIsWhereItWasWritten(string typeName, string propertyName)
    {
        object original = typeName switch
        {
            nameof(FastLbConfig) => Config,
            nameof(ServiceConfig) => Service,
            nameof(RealConfig) => Real,
            _ => Check,
        };
        var property = original.GetType().GetProperty(propertyName)!;
        object changed = With(original, property, Other(property.PropertyType, property.GetValue(original)));

        if (propertyName is "Location" or "SourceFile" or "KeyLocations")
        {
            Assert.Equal(original, changed);
            Assert.Equal(original.GetHashCode(), changed.GetHashCode());
        }
        else
        {
            Assert.NotEqual(original, changed);
        }
    }

    [Fact]
    public void Equals_NestedRealWeightChanged_ConfigsDiffer()
    {
        var other = Config with { Services = [Service with { Reals = [Real with { Weight = 2 }] }] };
        Assert.NotEqual(Config, other);
        Assert.Equal(Config, Config with { Services = [Service with { Reals = [Real with { Weight = 1 }] }] });
    }

    [Fact]
    public void Equals_ServicesInAnotherListType_Equal()
    {
        Assert.Equal(Config, Config with { Services = new List<ServiceConfig> { Service } });
        Assert.Equal(Config.GetHashCode(), (Config with { Services = new List<ServiceConfig> { Service } }).GetHashCode());
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null && p.Name != "EqualityContract");

    private static object With(object original, PropertyInfo property, object? value)
    {
        var clone = original.GetType().GetMethod("<Clone>$")!.Invoke(original, null)!;
        property.SetValue(clone, value);
        return clone;
    }

    /// <summary>A value of the property's type that differs from <paramref name="current"/>.</summary>
    private static object? Other(Type type, object? current) => type switch
    {
        _ when type == typeof(string) => current + "x",
        _ when type == typeof(int) => (int)current! + 1,
        _ when type == typeof(ushort) => (ushort)((ushort)current! + 1),
        _ when type == typeof(ushort?) => (ushort?)((current as ushort? ?? 0) + 1),
        _ when type == typeof(bool) => !(bool)current!,
        _ when type == typeof(TimeSpan) => (TimeSpan)current! + TimeSpan.FromMilliseconds(1),
        _ when type == typeof(IPAddress) => IPAddress.Parse("192.0.2.250"),
        _ when type == typeof(PhysicalAddress) => PhysicalAddress.Parse("02-00-00-00-00-fe"),
        _ when type == typeof(byte[]) => new byte[] { 9 },
        _ when type == typeof(PortRange) => new PortRange(2000, 3000),
        _ when type == typeof(FlowTimeouts) => FlowTimeouts.Default with { Fin = TimeSpan.FromSeconds(31) },
        _ when type == typeof(ConfigLocation) => new ConfigLocation("other.yaml", 99, 9),
        _ when type == typeof(IReadOnlyDictionary<string, ConfigLocation>) => new Dictionary<string, ConfigLocation> { ["max-reals"] = new("other.yaml", 9, 1) },
        _ when type == typeof(IReadOnlyList<int>) => new List<int> { 201 },
        _ when type == typeof(IReadOnlyList<RealConfig>) => new List<RealConfig> { Real with { Weight = 7 } },
        _ when type == typeof(IReadOnlyList<ServiceConfig>) => new List<ServiceConfig> { Service with { Port = 81 } },
        _ when type == typeof(IReadOnlyDictionary<string, string>) => new Dictionary<string, string> { ["X-Probe"] = "other" },
        _ when type == typeof(RealConfig) => Real with { Name = "backup" },
        _ when type == typeof(HealthCheckConfig) => Check with { Rise = 9 },
        _ when type == typeof(EncapSource) => new EncapSource(IPAddress.Parse("198.51.100.16"), 28),
        _ when type.IsEnum => Enum.ToObject(type, Convert.ToInt32(current, System.Globalization.CultureInfo.InvariantCulture) + 1),
        _ => throw new InvalidOperationException($"no other value for {type}"),
    };
}
