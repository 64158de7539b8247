using System.Diagnostics;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>iproute2 and sysctl, run in a network namespace (null: this one), for what `fastlb doctor` inspects.</summary>
public static class IpTool
{
    /// <summary>`ip -j ...` parsed; an empty array when ip prints nothing; throws with ip's stderr on failure.</summary>
    public static JsonElement Json(string? ns, params string[] args)
    {
        var text = Run("ip", [.. Ns(ns), "-j", .. args]);
        return string.IsNullOrWhiteSpace(text) ? JsonDocument.Parse("[]").RootElement.Clone() : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Text(string? ns, params string[] args) => Run("ip", [.. Ns(ns), .. args]);

    /// <summary>A sysctl's value in <paramref name="ns"/>.</summary>
    public static string Sysctl(string? ns, string key) =>
        (ns is null ? Run("sysctl", ["-n", key]) : Run("ip", ["netns", "exec", ns, "sysctl", "-n", key])).Trim();

    private static string[] Ns(string? ns) => ns is null ? [] : ["-n", ns];

    private static string Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {stderr.Trim()}");
        }
        return stdout.GetAwaiter().GetResult();
    }
}
