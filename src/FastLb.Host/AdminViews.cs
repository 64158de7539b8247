using FastLb.Reconciler;

namespace FastLb.Host;

/// <summary>The admin API's documents (JSON), built from the controller's plan, counters and checks.</summary>
public static class AdminViews
{
    public sealed record Status(string Instance, string Interface, string? InsideInterface, string? Namespace, bool Adopted,
        string? ConfigFile, DateTimeOffset Reconciled, int Services, int Reals, int RealsInRing, int HealthTransitions, string Version);

    public sealed record Service(string Name, string Vip, ushort Port, string Protocol, string Mode, uint Id, int Reals, int RealsInRing,
        bool AllDown, ulong Packets, ulong Bytes, double PacketsPerSecond, double BytesPerSecond);

    public sealed record Real(string Service, string Name, string Address, ushort Port, uint Index, int Weight, int ConfiguredWeight,
        bool Drained, string Health, string LastReason, bool Up, bool InRing, bool Backup, ulong Packets, ulong Bytes, ulong NewFlows,
        double PacketsPerSecond, double NewFlowsPerSecond);

    public sealed record Health(string Target, string State, string LastReason, DateTimeOffset NextCheck, IReadOnlyList<string> Reals);

    /// <summary>The answer to a write: what it did, or why it was refused.</summary>
    public sealed record Outcome(bool Ok, string Message, IReadOnlyList<string> Errors);

    public static string Version => typeof(AdminViews).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static Status StatusOf(FastLbController c, string instance) => new(
        instance, c.RunningConfig.Interface, c.RunningConfig.InsideInterface, c.RunningConfig.Namespace, c.Adopted, c.RunningConfig.SourceFile,
        c.LastReconciled, c.Plan.Services.Count, c.Plan.Reals.Count(), c.Plan.Reals.Count(r => r.InRing), c.HealthTransitions, Version);

    public static IReadOnlyList<Service> ServicesOf(FastLbController c, StatsSnapshot stats, RateTracker rates)
    {
        var rate = rates.Update(stats.Services.SelectMany(s => new[]
        {
            KeyValuePair.Create("p:" + s.Service, s.Packets),
            KeyValuePair.Create("b:" + s.Service, s.Bytes),
        }).ToDictionary());
        return [.. c.Plan.Services.Select(s =>
        {
            var st = stats.Services.FirstOrDefault(x => x.Service == s.Config.Name);
            return new Service(s.Config.Name, s.Config.Vip.ToString(), s.Config.Port, Name(s.Config.Protocol), Name(s.Config.Mode), s.Id,
                s.Reals.Count, s.Reals.Count(r => r.InRing), s.AllDown, st?.Packets ?? 0, st?.Bytes ?? 0,
                rate.GetValueOrDefault("p:" + s.Config.Name), rate.GetValueOrDefault("b:" + s.Config.Name));
        })];
    }

    public static IReadOnlyList<Real> RealsOf(FastLbController c, StatsSnapshot stats, RateTracker rates)
    {
        var rate = rates.Update(stats.Reals.SelectMany(r => new[]
        {
            KeyValuePair.Create($"p:{r.Service}/{r.Real}", r.Packets),
            KeyValuePair.Create($"f:{r.Service}/{r.Real}", r.NewFlows),
        }).ToDictionary());
        var health = c.HealthSnapshot();
        var overrides = c.Overrides;
        return [.. c.Plan.Services.SelectMany(s => s.Reals.Select(r =>
        {
            var st = stats.Reals.FirstOrDefault(x => x.Service == s.Config.Name && x.Real == r.Real.Name);
            var configured = c.RunningConfig.Services.FirstOrDefault(x => x.Name == s.Config.Name)?.Reals.FirstOrDefault(x => x.Name == r.Real.Name);
            var target = health.FirstOrDefault(t => t.Reals.Contains(new FastLb.Health.ServiceReal(s.Config.Name, r.Real.Name)));
            var key = $"{s.Config.Name}/{r.Real.Name}";
            return new Real(s.Config.Name, r.Real.Name, r.Real.Address.ToString(), r.Real.Port, r.Index, r.Real.Weight,
                configured?.Weight ?? r.Real.Weight, overrides.GetValueOrDefault((s.Config.Name, r.Real.Name))?.Drained ?? false,
                target is null ? "unchecked" : Name(target.State), target?.LastReason ?? "", r.Up, r.InRing, r.IsBackup,
                st?.Packets ?? 0, st?.Bytes ?? 0, st?.NewFlows ?? 0, rate.GetValueOrDefault("p:" + key), rate.GetValueOrDefault("f:" + key));
        }))];
    }

    public static IReadOnlyList<Health> HealthOf(FastLbController c) =>
        [.. c.HealthSnapshot().Select(t => new Health(t.Target.ToString(), Name(t.State), t.LastReason, t.NextCheck,
            [.. t.Reals.Select(r => $"{r.Service}/{r.Real}")]))];

    // The names config and CLI use (kebab case: dsr-l2), not the C# member names.
    private static string Name<T>(T value)
        where T : struct, Enum => Model.ConfigNames<T>.Of(value);
}
