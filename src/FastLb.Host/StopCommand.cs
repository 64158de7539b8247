using System.CommandLine;
using FastLb.Reconciler;

namespace FastLb.Host;

/// <summary>
/// `fastlb stop --detach`: removes an instance's forwarding. A controller that exits (SIGTERM,
/// a crash, SIGKILL) leaves its XDP program attached and its maps pinned on purpose, so the
/// balancer keeps serving across restarts; this is the way to take it all away.
/// </summary>
public static class StopCommand
{
    public static Command Create()
    {
        var detach = new Option<bool>("--detach")
        {
            Description = "Detach the XDP program and remove every pin and the saved indices of the instance.",
        };
        var instance = InstanceOption.Create();
        var command = new Command("stop", "Stop forwarding for an instance (a controller's exit never does: forwarding outlives it).") { detach, instance };
        command.SetAction(result =>
        {
            var io = result.InvocationConfiguration;
            if (!result.GetValue(detach))
            {
                io.Error.WriteLine("fastlb stop: say --detach to remove forwarding (a controller stops with SIGTERM and leaves forwarding running)");
                return Cli.UsageError;
            }
            return Run(new PinnedState(result.GetRequiredValue(instance)), io.Output, io.Error);
        });
        return command;
    }

    public static int Run(PinnedState pins, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var removed = pins.Remove();
            if (removed.Count == 0)
            {
                stdout.WriteLine($"instance '{pins.Instance}': nothing pinned, nothing attached");
            }
            foreach (var line in removed)
            {
                stdout.WriteLine($"instance '{pins.Instance}': {line}");
            }
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FastLb.Interop.Bpf.BpfException)
        {
            stderr.WriteLine($"fastlb stop: {e.Message}");
            return 1;
        }
    }
}
