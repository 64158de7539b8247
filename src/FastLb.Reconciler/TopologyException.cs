// Thrown when a configuration does not fit the namespace it would run in; carries every problem found.
namespace FastLb.Reconciler;

/// <summary>
/// The config's addresses or interfaces do not exist where FastLb runs. Each problem names its
/// config location ("file:line:col: ..."); the message holds one problem per line.
/// </summary>
public sealed class TopologyException : InvalidOperationException
{
    public TopologyException(IReadOnlyList<string> problems)
        : base(string.Join('\n', problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
