using System.Runtime.InteropServices;

namespace FastLb.Interop.Bpf;

/// <summary>Interface lookups. Interface indexes are per network namespace: call these inside the namespace.</summary>
public static class NetInterfaces
{
    /// <summary>The index of <paramref name="ifname"/> in the calling thread's network namespace.</summary>
    /// <exception cref="ArgumentException">No interface of that name exists here.</exception>
    public static int InterfaceIndex(string ifname)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifname);
        var index = Interop.Libc.IfNameToIndex(ifname);
        if (index == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new ArgumentException(
                $"network interface '{ifname}' not found in this network namespace: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})",
                nameof(ifname));
        }
        return (int)index;
    }
}
