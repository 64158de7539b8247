// Health of a real as seen by its checker.
namespace FastLb.Model;

public enum HealthState
{
    Down = 0,
    Up = 1,
}
