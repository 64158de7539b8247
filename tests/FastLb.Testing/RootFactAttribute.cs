using Xunit;

namespace FastLb.Testing;

/// <summary>
/// A fact that needs root. Outside CI a non-root run skips it; under CI=true it runs and
/// fails on the missing privilege (tests call <see cref="Privileges.RequireRoot"/>).
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute() => Skip = Privileges.RootSkipReason;
}
