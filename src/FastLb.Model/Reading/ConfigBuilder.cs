// Turns drafts that passed every rule into the configuration records.
namespace FastLb.Model.Reading;

internal static class ConfigBuilder
{
    public static FastLbConfig Build(ConfigDraft draft, ConfigErrors errors) =>
        new(draft.Interface!, draft.Namespace, draft.MetricsListen!, [.. draft.Services.Select(s => Service(s, errors))])
        {
            SourceFile = errors.File,
            KeyLocations = draft.Root.Entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => errors.Location(g.First().KeyNode)),
            InsideInterface = draft.InsideInterface,
            EncapSource4 = draft.EncapSource4,
            EncapSource6 = draft.EncapSource6,
            FlowTableSize = draft.FlowTableSize!.Value,
            MaxServices = draft.MaxServices!.Value,
            MaxReals = draft.MaxReals!.Value,
            Timeouts = draft.Timeouts!,
            FlowRecountInterval = draft.FlowRecountInterval!.Value,
            Instance = draft.Instance ?? FastLbConfig.DefaultInstance,
            AdminListen = draft.Admin,
        };

    private static ServiceConfig Service(ServiceDraft s, ConfigErrors errors) =>
        new(s.Name!, s.Vip!, s.Port!.Value, s.Protocol!.Value, s.Mode!.Value, s.Algorithm!.Value, s.RingSize!.Value,
            s.OnAllDown!.Value, s.Backup is null ? null : Real(s.Backup, errors), s.Check, [.. s.Reals.Select(r => Real(r, errors))])
        {
            Location = errors.Location(s.Map.Node),
            Snat = s.Snat,
            SnatPorts = s.SnatPorts!.Value,
            AnswerArp = s.AnswerArp!.Value,
            GuePort = s.GuePort!.Value,
            Stateless = s.Stateless!.Value,
            HashFields = s.HashFields!.Value,
            StickyFields = s.StickyFields!.Value,
            StickyTimeout = s.StickyTimeout!.Value,
        };

    private static RealConfig Real(RealDraft r, ConfigErrors errors) =>
        new(r.Name ?? r.Endpoint, r.Address!, r.Port!.Value, r.Mac, r.Weight!.Value, r.Check)
        {
            Location = errors.Location(r.Map.Node),
        };
}
