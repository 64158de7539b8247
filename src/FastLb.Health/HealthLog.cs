// Source-generated log messages of the health subsystem.
using FastLb.Model;
using Microsoft.Extensions.Logging;

namespace FastLb.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Health of {Target} changed to {State} ({Reason}); affects {Reals}")]
    public static partial void Transition(ILogger logger, CheckTarget target, HealthState state, string reason, string reals);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Probe of {Target} failed: {Reason} after {DurationMs:F1} ms")]
    public static partial void ProbeFailed(ILogger logger, CheckTarget target, string reason, double durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Health targets updated: {Added} added, {Kept} kept, {Removed} removed")]
    public static partial void Updated(ILogger logger, int added, int kept, int removed);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Probe of {Target} threw unexpectedly")]
    public static partial void ProbeCrashed(ILogger logger, CheckTarget target, Exception exception);
}
