using Xunit;

namespace FastLb.Testing;

/// <summary>A theory that needs root; see <see cref="RootFactAttribute"/>.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Privileges.IsRoot && !Privileges.InCi)
        {
            Skip = "needs root (set CI=true to make this a failure)";
        }
    }
}
