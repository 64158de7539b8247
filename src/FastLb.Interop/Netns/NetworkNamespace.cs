using System.Runtime.InteropServices;

namespace FastLb.Interop.Netns;

/// <summary>
/// A named network namespace (/var/run/netns/NAME). Sockets and interfaces belong to the
/// namespace of the thread that creates them, so <see cref="Run{T}"/> switches a dedicated
/// thread in, runs the code, and switches it back; a socket made there keeps working from
/// any thread afterwards.
/// </summary>
public sealed partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    public NetworkNamespace(string name)
    {
        Name = name;
        Path = name.StartsWith('/') ? name : "/var/run/netns/" + name;
    }

    /// <summary>The root namespace of this process (where it started).</summary>
    public static NetworkNamespace Current { get; } = new("/proc/self/ns/net");

    public string Name { get; }

    public string Path { get; }

    /// <summary>Runs <paramref name="func"/> on a thread inside this namespace.</summary>
    public T Run<T>(Func<T> func)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunHere(func);
            }
            catch (Exception e)
            {
                error = e;
            }
        }, 256 * 1024) { IsBackground = true, Name = "netns:" + Name };
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
        return result;
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside this namespace.</summary>
    public void Run(Action action) => Run(() => { action(); return 0; });

    private T RunHere<T>(Func<T> func)
    {
        using var home = File.OpenHandle("/proc/thread-self/ns/net");
        using var target = File.OpenHandle(Path);
        Enter(target, Path);
        try
        {
            return func();
        }
        finally
        {
            Enter(home, "/proc/thread-self/ns/net");
        }
    }

    private static void Enter(Microsoft.Win32.SafeHandles.SafeFileHandle fd, string what)
    {
        if (SetNs(fd, CloneNewNet) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"setns({what}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(Microsoft.Win32.SafeHandles.SafeFileHandle fd, int nstype);
}
