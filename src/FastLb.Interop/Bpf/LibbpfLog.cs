using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace FastLb.Interop.Bpf;

/// <summary>
/// Routes libbpf's log lines to an <see cref="ILogger"/>. The native sink is installed once per
/// process; lines go to the logger of the call in progress on the same thread (libbpf logs
/// synchronously), else to the process-wide logger set with <see cref="SetLogger"/>.
/// </summary>
public static partial class LibbpfLog
{
    private static readonly object s_gate = new();
    private static volatile ILogger? s_logger;
    private static bool s_installed;

    [ThreadStatic]
    private static Scope? t_scope;

    /// <summary>Sets the process-wide logger for libbpf (null: discard lines not captured by a call).</summary>
    public static void SetLogger(ILogger? logger)
    {
        s_logger = logger;
        EnsureInstalled();
    }

    /// <summary>Installs the native sink if it is not yet; idempotent and thread-safe.</summary>
    public static void EnsureInstalled()
    {
        lock (s_gate)
        {
            if (s_installed)
            {
                return;
            }
            Interop.Shim.EnsureResolver();
            unsafe
            {
                Interop.Shim.FastLbSetLogSink(&OnLine);
            }
            s_installed = true;
        }
    }

    /// <summary>Collects this thread's libbpf lines (and forwards them to <paramref name="logger"/>) until disposed.</summary>
    internal static Scope Capture(ILogger? logger)
    {
        EnsureInstalled();
        var scope = new Scope(logger, t_scope);
        t_scope = scope;
        return scope;
    }

    internal static LogLevel Map(Interop.Shim.PrintLevel level) => level switch
    {
        Interop.Shim.PrintLevel.Warn => LogLevel.Warning,
        Interop.Shim.PrintLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [UnmanagedCallersOnly]
    private static unsafe void OnLine(int rawLevel, byte* line)
    {
        try
        {
            var level = (Interop.Shim.PrintLevel)rawLevel;
            var text = (Marshal.PtrToStringUTF8((IntPtr)line) ?? string.Empty).TrimEnd('\n', '\r');
            var scope = t_scope;
            scope?.Add(level, text);
            var logger = scope?.Logger ?? s_logger;
            if (logger is not null)
            {
                Log.Line(logger, Map(level), text);
            }
        }
        catch
        {
            // Never let an exception unwind into libbpf.
        }
    }

    /// <summary>The lines libbpf printed on one thread during one call.</summary>
    internal sealed class Scope : IDisposable
    {
        private readonly Scope? _outer;
        private readonly StringBuilder _warnings = new();

        internal Scope(ILogger? logger, Scope? outer)
        {
            Logger = logger ?? outer?.Logger;
            _outer = outer;
        }

        internal ILogger? Logger { get; }

        /// <summary>The WARN-level lines, newline separated.</summary>
        internal string Warnings => _warnings.ToString();

        internal void Add(Interop.Shim.PrintLevel level, string text)
        {
            if (level == Interop.Shim.PrintLevel.Warn)
            {
                _warnings.AppendLine(text);
            }
        }

        public void Dispose() => t_scope = _outer;
    }

    private static partial class Log
    {
        [LoggerMessage(Message = "libbpf: {Line}")]
        public static partial void Line(ILogger logger, LogLevel level, string line);
    }
}
