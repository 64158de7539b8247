namespace FastLb.Interop.Xsk;

/// <summary>
/// What one <see cref="XskSender.Send"/> did: frames queued on the TX ring, frames the kernel
/// reported complete (sent, or dropped by the device after leaving the socket), TX kicks made
/// (sendto calls) and kicks the kernel answered with a transient refusal (EAGAIN, EBUSY, ENOBUFS).
/// </summary>
public readonly record struct XskSendResult(ulong Queued, ulong Completed, ulong Kicks, ulong BusyKicks);
