// Opens a BPF object, readies it and loads it, or disposes it: what the data plane and the decapsulator both do.
using FastLb.Interop;
using FastLb.Interop.Bpf;
using Microsoft.Extensions.Logging;

namespace FastLb.Reconciler;

/// <summary>The open — prepare — load — wrap sequence, disposing the object when any step throws.</summary>
internal static class BpfObjectLoader
{
    /// <summary>
    /// Opens the build's object <paramref name="name"/> (or the file <paramref name="path"/> when
    /// given), runs <paramref name="prepare"/> on it (sizes, constants, pins), loads it into the
    /// kernel and returns <paramref name="wrap"/> of it; on failure the object is disposed and the error rethrown.
    /// </summary>
    public static T Load<T>(string name, string? path, ILogger? logger, Action<BpfObject> prepare, Func<BpfObject, T> wrap)
    {
        var obj = BpfObject.Open(path ?? NativePaths.BpfObject(name), logger);
        try
        {
            prepare(obj);
            obj.Load();
            return wrap(obj);
        }
        catch
        {
            obj.Dispose();
            throw;
        }
    }
}
