// A (service, real) pair whose health a target's probe decides.
namespace FastLb.Health;

public sealed record ServiceReal(string Service, string Real)
{
    public override string ToString() => Service + "/" + Real;
}
