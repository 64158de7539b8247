namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_flow_state: where a flow is in its life, which decides its idle timeout.</summary>
public enum FlowState : byte
{
    /// <summary>TCP: only SYNs seen so far.</summary>
    New = 0,

    /// <summary>TCP: a packet without SYN seen; UDP flows stay here.</summary>
    Established = 1,

    /// <summary>TCP: FIN or RST seen; no longer an active flow.</summary>
    Closing = 2,
}
