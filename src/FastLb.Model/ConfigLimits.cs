// What the data plane can hold, given to the validator by whoever loads the data plane.
namespace FastLb.Model;

/// <summary>
/// Capacity limits a configuration must fit. The controller builds them from the data plane's
/// ABI (AbiLimits); the model keeps no copy of its own. <see cref="MaxServices"/> and
/// <see cref="MaxReals"/> are the largest `max-services` and `max-reals` a config may ask for;
/// the defaults are what the maps hold when it asks for nothing.
/// </summary>
public sealed record ConfigLimits(int MaxServices, int MaxReals, int MaxRingSize)
{
    private readonly int? _defaultServices;
    private readonly int? _defaultReals;

    /// <summary>`max-services` when the config leaves it out (default: <see cref="MaxServices"/>).</summary>
    public int DefaultServices
    {
        get => _defaultServices ?? MaxServices;
        init => _defaultServices = value;
    }

    /// <summary>`max-reals` when the config leaves it out (default: <see cref="MaxReals"/>).</summary>
    public int DefaultReals
    {
        get => _defaultReals ?? MaxReals;
        init => _defaultReals = value;
    }
}
