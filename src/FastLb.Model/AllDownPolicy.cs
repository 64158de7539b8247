// What a service does with new flows when none of its reals is up.
namespace FastLb.Model;

public enum AllDownPolicy
{
    /// <summary>Drop the packets.</summary>
    Drop,

    /// <summary>Send every flow to the service's backup real.</summary>
    Backup,
}
