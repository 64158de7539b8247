// `haproxy-compare`: parses its options, runs the phases, prints and writes the reports.
namespace FastLb.Bench.Health.Compare;

public static class CompareProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!BenchArgs.TryParse(() => CompareOptions.Parse(args), out var options))
        {
            return BenchArgs.UsageError;
        }
        var when = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Read();
        // Runtime settings read only from the environment change what is measured: name them in the command.
        var inline = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1" ? "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 " : "";
        var command = inline + "dotnet run -c Release --project bench/FastLb.Bench.Health -- haproxy-compare" + (args.Length == 0 ? "" : " " + string.Join(' ', args));
        var rows = await CompareRun.RunAsync(options, Console.Error).ConfigureAwait(false);
        var markdown = CompareReport.Markdown(rows, options, machine, command, when);
        Console.Write(markdown);
        if (options.Out is { } md)
        {
            await File.WriteAllTextAsync(md, markdown).ConfigureAwait(false);
        }
        if (options.Json is { } json)
        {
            await File.WriteAllTextAsync(json, CompareReport.Json(rows, machine, command, when)).ConfigureAwait(false);
        }
        return 0;
    }
}
