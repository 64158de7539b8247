using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using FastLb.Interop.Netns;
using FastLb.Reconciler;

namespace FastLb.Host;

/// <summary>
/// `fastlb decap attach|detach`: the real's side of L3 DSR. attach loads FastLb's XDP
/// decapsulator on an interface and pins it under /sys/fs/bpf/fastlb-decap/[NS/]IF, so it stays
/// when the command exits; detach removes the pins, which detaches it.
/// </summary>
public static class DecapCommand
{
    public static Command Create()
    {
        var command = new Command("decap", "The real's side of dsr-ipip / dsr-gue: strip FastLb's tunnel headers from packets for the VIPs held on this host's loopback.");
        command.Add(Attach());
        command.Add(Detach());
        return command;
    }

    private static Option<string> Interface() => new("--interface")
    {
        Description = "The interface tunnelled packets arrive on.",
        HelpName = "IF",
        Required = true,
    };

    private static Option<string?> Namespace() => new("--namespace")
    {
        Description = "The network namespace holding the interface (default: the current one).",
        HelpName = "NS",
    };

    private static Command Attach()
    {
        var ifname = Interface();
        var ns = Namespace();
        var vips = new Option<IPAddress[]>("--vip")
        {
            Description = "A VIP to accept (repeat, or give several): only packets whose inner destination is one are decapsulated.",
            HelpName = "ADDR",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            CustomParser = ParseVips,
        };
        var guePort = new Option<ushort>("--gue-port")
        {
            Description = $"The UDP port GUE arrives on (the services' gue-port; default {FastLb.Model.ServiceConfig.DefaultGuePort}).",
            HelpName = "PORT",
            DefaultValueFactory = _ => FastLb.Model.ServiceConfig.DefaultGuePort,
            CustomParser = ParsePort,
        };
        var command = new Command("attach", "Attach the decapsulator to an interface and leave it there.") { ifname, ns, vips, guePort };
        command.SetAction(result => RunAttach(result.GetRequiredValue(ifname), result.GetValue(ns), result.GetRequiredValue(vips),
            result.GetValue(guePort), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    private static Command Detach()
    {
        var ifname = Interface();
        var ns = Namespace();
        var command = new Command("detach", "Detach the decapsulator from an interface.") { ifname, ns };
        command.SetAction(result => RunDetach(result.GetRequiredValue(ifname), result.GetValue(ns), result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    public static int RunAttach(string ifname, string? nsName, IReadOnlyCollection<IPAddress> vips, ushort guePort, TextWriter stdout, TextWriter stderr)
    {
        var where = nsName is null ? "" : $" in namespace '{nsName}'";
        var ns = nsName is null ? null : new NetworkNamespace(nsName);
        if (ns is not null && !File.Exists(ns.Path))
        {
            stderr.WriteLine($"fastlb decap attach: network namespace '{nsName}' not found ({ns.Path})");
            return 1;
        }
        try
        {
            // The stack must hold each VIP, else the decapsulated packet is dropped or routed away.
            var local = LocalAddresses(ns);
            var missing = vips.Where(v => !local.Contains(v)).ToList();
            if (missing.Count > 0)
            {
                foreach (var vip in missing)
                {
                    var (family, prefix) = vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? ("-6 ", 128) : ("", 32);
                    stderr.WriteLine($"fastlb decap attach: VIP {vip} is not an address of this host{where}: decapsulated packets for it would not reach a server (add it to lo: ip {family}addr add {vip}/{prefix} dev lo, with arp_ignore=1 and arp_announce=2)");
                }
                return 1;
            }
            using var decap = Decapsulator.Load();
            decap.Configure(vips, guePort);
            var dir = decap.AttachPinned(ifname, ns, nsName);
            stdout.WriteLine($"decapsulator attached to {ifname}{where} for {string.Join(", ", vips)} (GUE port {guePort}); pinned at {dir}");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FastLb.Interop.Bpf.BpfException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"fastlb decap attach: {e.Message}");
            return 1;
        }
    }

    public static int RunDetach(string ifname, string? nsName, TextWriter stdout, TextWriter stderr)
    {
        var where = nsName is null ? "" : $" in namespace '{nsName}'";
        try
        {
            if (!Decapsulator.DetachPinned(ifname, nsName))
            {
                stderr.WriteLine($"fastlb decap detach: no decapsulator is attached to '{ifname}'{where} (nothing pinned at {Decapsulator.PinDirectory(ifname, nsName)})");
                return 1;
            }
            stdout.WriteLine($"decapsulator detached from {ifname}{where}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"fastlb decap detach: {e.Message}");
            return 1;
        }
    }

    private static HashSet<IPAddress> LocalAddresses(NetworkNamespace? ns)
    {
        HashSet<IPAddress> Read() => [.. System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)];
        return ns is null ? Read() : ns.Run(Read);
    }

    private static IPAddress[] ParseVips(ArgumentResult result)
    {
        var vips = new List<IPAddress>();
        foreach (var token in result.Tokens.Select(t => t.Value))
        {
            if (!IPAddress.TryParse(token, out var vip) || token.Contains('%') || token.Contains('['))
            {
                result.AddError($"invalid VIP '{token}' (expected an IPv4 or IPv6 address, e.g. 203.0.113.10)");
                return [];
            }
            vips.Add(vip);
        }
        if (vips.Count == 0)
        {
            result.AddError("--vip needs at least one address");
        }
        return [.. vips.Distinct()];
    }

    private static ushort ParsePort(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (ushort.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0)
        {
            return port;
        }
        result.AddError($"invalid --gue-port '{token}' (expected 1-65535)");
        return 0;
    }
}
