using Xunit;

namespace FastLb.Testing;

/// <summary>A theory that needs root; see <see cref="RootFactAttribute"/>.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute() => Skip = Privileges.RootSkipReason;
}
