using System.Diagnostics;

namespace FastLb.Lab;

/// <summary>Runs a system tool (ip, ethtool, nft, ping) and fails loudly with its stderr.</summary>
public static class Command
{
    /// <summary>Runs <paramref name="file"/> to completion; throws on a non-zero exit.</summary>
    public static string Run(string file, params string[] args)
    {
        var (code, stdout, stderr) = TryRun(file, args);
        if (code != 0)
        {
            throw new LabException($"'{file} {string.Join(' ', args)}' exited {code}: {stderr.Trim()}");
        }
        return stdout;
    }

    /// <summary>Runs <paramref name="file"/> to completion and returns its exit code and output.</summary>
    public static (int ExitCode, string StdOut, string StdErr) TryRun(string file, params string[] args)
    {
        using var process = Start(file, args, redirectInput: false);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts <paramref name="file"/> with redirected output; the caller owns the process.</summary>
    public static Process Start(string file, IEnumerable<string> args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            return Process.Start(info) ?? throw new LabException($"could not start '{file}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LabException($"could not start '{file}': {e.Message} (is it installed?)", e);
        }
    }
}
