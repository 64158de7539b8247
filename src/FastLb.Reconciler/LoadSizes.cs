using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// The map sizes fixed when the program is loaded (`max-services`, `max-reals`): a reload cannot
/// change them, so one that tries is refused where the key is written, and the running config stays.
/// </summary>
public static class LoadSizes
{
    /// <exception cref="ConfigException">A size differs from the running one.</exception>
    public static void EnsureSame(FastLbConfig running, FastLbConfig next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var (now, asked) = (DataPlaneOptions.From(running), DataPlaneOptions.From(next));
        var errors = new List<ConfigError>();
        Compare(errors, next, "max-services", now.MaxServices, asked.MaxServices);
        Compare(errors, next, "max-reals", now.MaxReals, asked.MaxReals);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    private static void Compare(List<ConfigError> errors, FastLbConfig next, string key, int running, int asked)
    {
        if (running != asked)
        {
            var at = next.LocationOf(key);
            errors.Add(new ConfigError(at.File, at.Line, at.Column,
                $"'{key}' {asked} differs from the running {running}: the maps are sized when the program is loaded, so it needs a restart ('fastlb stop --detach', then start); the running config stays"));
        }
    }
}
