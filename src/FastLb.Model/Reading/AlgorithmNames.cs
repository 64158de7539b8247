// The configuration's names of the scheduling algorithms and of the flow-key fields.
namespace FastLb.Model.Reading;

internal static class AlgorithmNames
{
    public static readonly (string Name, object Value)[] Choices =
    [
        ("maglev", SchedulingAlgorithm.Maglev), ("round-robin", SchedulingAlgorithm.RoundRobin),
        ("weighted-round-robin", SchedulingAlgorithm.WeightedRoundRobin), ("least-connections", SchedulingAlgorithm.LeastConnections),
        ("weighted-least-connections", SchedulingAlgorithm.WeightedLeastConnections), ("hash", SchedulingAlgorithm.Hash),
        ("sticky", SchedulingAlgorithm.Sticky),
    ];

    public static readonly (string Name, FlowFields Value)[] Fields =
    [
        ("src-ip", FlowFields.SrcIp), ("dst-ip", FlowFields.DstIp), ("src-port", FlowFields.SrcPort),
        ("dst-port", FlowFields.DstPort), ("protocol", FlowFields.Protocol),
    ];

    public static string Of(SchedulingAlgorithm algorithm) => Choices.First(c => (SchedulingAlgorithm)c.Value == algorithm).Name;
}
