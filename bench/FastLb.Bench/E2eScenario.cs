namespace FastLb.Bench;

/// <summary>
/// One row to run: its name, the generator (live frames or AF_XDP), the client address its flows
/// come from, and its balancer. Reply rows warm up with the clients' requests (opening the flows)
/// and then generate the real's replies from the reals' side (live frames only).
/// </summary>
public sealed record E2eScenario(string Name, E2eGenerator Generator, string Client, Func<E2eLab, E2eStage> Start, bool Reply = false);
