// Reloading from a file (SIGHUP): whatever the file holds, the controller keeps serving its running config.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

[Collection(DataPlaneCollection.Name)]
public sealed class TryReloadTests
{
    private static readonly S Web = new("web", 10, 101, [new("r1", 11), new("r2", 12)]);

    [RootFact]
    public void TryReload_BadInputs_RefusedWithErrorsAndRunningConfigStays()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        var config = Build(lab.A, lab.Name, Web);
        using var c = FastLbController.Start(config, NullLoggerFactory.Instance, AlwaysUp.Instance);
        var plan = c.Plan;
        string dir = Directory.CreateTempSubdirectory("fastlb-reload-").FullName;
        try
        {
            var bad = new Dictionary<string, string>
            {
                ["unclosed-flow"] = "x:\n  - [a\n  - b\n",
                ["recursive"] = "interface: &a [*a]\n",
                ["deep"] = "interface: " + new string('[', 30000) + "\n",
                ["overflow"] = Yaml(lab, "    check: {type: tcp, interval: 7000000000000000000000h}\n"),
                ["octal"] = Yaml(lab, string.Empty).Replace("203.0.113.10", "203.0.113.010", StringComparison.Ordinal),
                ["other-interface"] = Yaml(lab, string.Empty).Replace($"interface: {lab.A}", $"interface: {lab.B}", StringComparison.Ordinal),
            };
            var inputs = bad.Select(kv => Write(dir, kv.Key, kv.Value))
                .Concat([string.Empty, "/dev/zero", dir, Path.Combine(dir, "missing.yaml")]);

            foreach (string path in inputs)
            {
                var errors = c.TryReload(path);
                Assert.True(errors.Count > 0, $"'{path}' was accepted");
                Assert.Same(config, c.RunningConfig);
                Assert.Same(plan, c.Plan);
            }

            Assert.Contains(lab.B, Assert.Single(c.TryReload(Path.Combine(dir, "other-interface.yaml"))), StringComparison.Ordinal);
            var svc = c.Plan.Services.Single().Config;
            Assert.True(c.DataPlane.Services.TryLookup(VipKey.Create(svc.Vip, svc.Port, (byte)svc.Protocol), out Service _));
            Assert.Contains("xdp", lab.LinkA(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RootFact]
    public void TryReload_ValidFileWithNewReal_ServedAndNoErrors()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        using var c = FastLbController.Start(Build(lab.A, lab.Name, Web), NullLoggerFactory.Instance, AlwaysUp.Instance);
        string dir = Directory.CreateTempSubdirectory("fastlb-reload-").FullName;
        try
        {
            string path = Write(dir, "next", Yaml(lab, string.Empty) + "      - {address: 192.0.2.14, mac: \"02:00:00:00:00:0e\"}\n");
            Assert.Empty(c.TryReload(path));
            Assert.Equal(3, c.RunningConfig.Services.Single().Reals.Count);
            Assert.Equal(path, c.RunningConfig.SourceFile);
            Assert.Equal(3, c.Plan.Services.Single().Reals.Count(r => r.InRing));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RootFact]
    public void TryReload_MapSizesChanged_RefusedAtTheKeySayingRestart_MapsKeepTheirSize()
    {
        Privileges.RequireRoot();
        using var lab = LabNs.Create();
        string dir = Directory.CreateTempSubdirectory("fastlb-reload-").FullName;
        try
        {
            var first = Write(dir, "first", "max-services: 16\n" + Yaml(lab, string.Empty));
            var config = ConfigLoader.LoadFile(first, DataPlaneLimits.Config);
            using var c = FastLbController.Start(config, NullLoggerFactory.Instance, AlwaysUp.Instance);
            Assert.Equal(16, c.DataPlane.Services.MaxEntries);
            Assert.Equal(32, c.DataPlane.Rings.MaxEntries);
            Assert.Equal(FastLb.Interop.Abi.AbiLimits.MaxReals, c.DataPlane.Reals.MaxEntries);
            var plan = c.Plan;

            // Line 1 moves both sizes; the second file leaves max-services out (its default, 1024, differs from 16 too).
            var resized = Write(dir, "resized", "max-reals: 2048\n" + Yaml(lab, string.Empty) + "      - {address: 192.0.2.14, mac: \"02:00:00:00:00:0e\"}\n");
            Assert.Equal(
                [
                    $"{resized}:1:1: 'max-services' {FastLb.Interop.Abi.AbiLimits.MaxServices} differs from the running 16: the maps are sized when the program is loaded, so it needs a restart ('fastlb stop --detach', then start); the running config stays",
                    $"{resized}:1:1: 'max-reals' 2048 differs from the running {FastLb.Interop.Abi.AbiLimits.MaxReals}: the maps are sized when the program is loaded, so it needs a restart ('fastlb stop --detach', then start); the running config stays",
                ],
                c.TryReload(resized));
            Assert.Same(config, c.RunningConfig);
            Assert.Same(plan, c.Plan);
            Assert.Equal(16, c.DataPlane.Services.MaxEntries);

            // The same sizes with a change elsewhere are served.
            Assert.Empty(c.TryReload(Write(dir, "same", "max-services: 16\n" + Yaml(lab, string.Empty) + "      - {address: 192.0.2.14, mac: \"02:00:00:00:00:0e\"}\n")));
            Assert.Equal(3, c.Plan.Services.Single().Reals.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Yaml(LabNs lab, string serviceExtra) =>
        $"interface: {lab.A}\nnamespace: {lab.Name}\nservices:\n  - name: web\n    vip: 203.0.113.10\n    port: 80\n    ring-size: 101\n{serviceExtra}"
        + "    reals:\n      - {address: 192.0.2.11, mac: \"02:00:00:00:00:0b\"}\n      - {address: 192.0.2.12, mac: \"02:00:00:00:00:0c\"}\n";

    private static string Write(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
