using System.CommandLine;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;

namespace FastLb.Host;

/// <summary>
/// What the admin commands share: --instance and --json, one request to the instance's socket,
/// the answer as JSON (--json) or as text, and errors on stderr with exit 1.
/// </summary>
public static class AdminCli
{
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the API's JSON answer as it is." };

    /// <summary>How commands that build their JSON answer themselves (check, explain, doctor) write it: camelCase, indented.</summary>
    public static JsonSerializerOptions JsonOutput { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>--admin ADDRESS:PORT: the controller's `admin:` loopback address, when it has one instead of the socket.</summary>
    public static Option<string?> AddressOption()
    {
        var option = new Option<string?>("--admin") { Description = "The controller's 'admin:' loopback ADDRESS:PORT (default: its unix socket).", HelpName = "ADDRESS:PORT" };
        option.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!System.Net.IPEndPoint.TryParse(text, out var e) || e.Port == 0 || !System.Net.IPAddress.IsLoopback(e.Address))
            {
                result.AddError($"--admin '{text}' is not a loopback ADDRESS:PORT");
            }
        });
        return option;
    }

    /// <summary>A command that sends one request; <paramref name="request"/> builds (method, path, body) from the parse.</summary>
    public static Command Create(string name, string description, Func<ParseResult, (HttpMethod Method, string Path, string? Body)> request,
        Action<JsonElement, TextWriter> print, params Symbol[] extra)
    {
        var instance = InstanceOption.Create();
        var json = JsonOption();
        var address = AddressOption();
        var command = new Command(name, description) { instance, json, address };
        foreach (var symbol in extra)
        {
            switch (symbol)
            {
                case Argument a:
                    command.Add(a);
                    break;
                case Option o:
                    command.Add(o);
                    break;
            }
        }
        command.SetAction((result, ct) =>
        {
            var (method, path, body) = request(result);
            return RunAsync(AdminEndpoint.For(result.GetRequiredValue(instance), result.GetValue(address)), method, path, body, result.GetValue(json), print,
                result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, name, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(AdminEndpoint endpoint, HttpMethod method, string path, string? body, bool json,
        Action<JsonElement, TextWriter> print, TextWriter stdout, TextWriter stderr, string name, CancellationToken ct)
    {
        using var client = new AdminClient(endpoint);
        int status;
        string text;
        try
        {
            (status, text) = method == HttpMethod.Get ? await client.GetAsync(path, ct) : await client.PostAsync(path, body, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            stderr.WriteLine($"fastlb {name}: no controller answers on {endpoint.Where} (is 'fastlb run' running for instance '{endpoint.Instance}'?)");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"fastlb {name}: {e.Message}");
            return 1;
        }
        JsonElement doc;
        try
        {
            doc = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            stderr.WriteLine($"fastlb {name}: HTTP {status} without a JSON answer: {text}");
            return 1;
        }
        if (status >= 400)
        {
            if (json)
            {
                stdout.WriteLine(text);
            }
            stderr.WriteLine($"fastlb {name}: {Message(doc)} (HTTP {status})");
            foreach (var error in Errors(doc))
            {
                stderr.WriteLine(error);
            }
            return 1;
        }
        if (json)
        {
            stdout.WriteLine(text);
        }
        else
        {
            print(doc, stdout);
        }
        return 0;
    }

    /// <summary>Prints a write's outcome message.</summary>
    public static void PrintOutcome(JsonElement doc, TextWriter stdout) => stdout.WriteLine(Message(doc));

    /// <summary>Columns padded to their widest cell.</summary>
    public static void PrintTable(TextWriter stdout, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = header.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            stdout.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    public static string Text(JsonElement e, string property) => e.GetProperty(property) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() ?? "",
        { ValueKind: JsonValueKind.Null } => "-",
        var other => other.ToString(),
    };

    public static string Rate(JsonElement e, string property) =>
        e.GetProperty(property).GetDouble().ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static string Message(JsonElement doc) =>
        doc.ValueKind == JsonValueKind.Object && doc.TryGetProperty("message", out var m) ? m.GetString() ?? "" : doc.ToString();

    private static IEnumerable<string> Errors(JsonElement doc) =>
        doc.ValueKind == JsonValueKind.Object && doc.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.GetString() ?? "")
            : [];
}
