using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FastLb.Lab;

/// <summary>
/// A tcpdump running inside a lab namespace on one interface with a BPF filter, writing pcap
/// to its stdout, which is read in-process. <see cref="Start"/> returns only once tcpdump is
/// listening; <see cref="Stop"/> (or Dispose) ends it by its PID and decodes what it caught.
/// </summary>
public sealed partial class PacketCapture : IDisposable
{
    private const int SigInt = 2;

    private readonly Process _process;
    private readonly MemoryStream _pcap = new();
    private readonly Task _reader;
    private readonly Task _errReader;
    private readonly System.Text.StringBuilder _stderr = new();
    private IReadOnlyList<CapturedPacket>? _packets;

    private PacketCapture(Process process, TaskCompletionSource listening, string description)
    {
        _process = process;
        Description = description;
        _reader = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var stream = process.StandardOutput.BaseStream;
            int n;
            while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_pcap)
                {
                    _pcap.Write(buffer, 0, n);
                }
            }
        });
        _errReader = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
                if (line.Contains("listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            }
            listening.TrySetException(new LabException($"tcpdump ({description}) ended before listening: {StdErr.Trim()}"));
        });
    }

    /// <summary>Where and what this capture listens to, for messages.</summary>
    public string Description { get; }

    /// <summary>What tcpdump wrote to stderr so far.</summary>
    public string StdErr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The frames caught; call <see cref="Stop"/> first for the complete list.</summary>
    public IReadOnlyList<CapturedPacket> Packets
    {
        get
        {
            if (_packets is not null)
            {
                return _packets;
            }
            lock (_pcap)
            {
                return ParsePcap(_pcap.GetBuffer().AsSpan(0, (int)_pcap.Length));
            }
        }
    }

    public int Count => Packets.Count;

    /// <summary>
    /// Starts tcpdump in <paramref name="ns"/> on <paramref name="ifname"/> with BPF filter
    /// <paramref name="filter"/> (empty: everything) and waits until it is listening.
    /// </summary>
    public static PacketCapture Start(LabNamespace ns, string ifname, string filter = "", TimeSpan? startTimeout = null)
    {
        var description = $"{ns.Name}/{ifname} '{filter}'";
        // --immediate-mode: without it packets wait in a TPACKET_V3 block for up to 1 s and a
        // prompt stop loses them ("N received by filter, 0 captured").
        List<string> args = ["netns", "exec", ns.Name, "tcpdump", "-i", ifname, "-n", "-U", "--immediate-mode", "-Z", "root", "-s", "256", "-w", "-"];
        if (!string.IsNullOrWhiteSpace(filter))
        {
            args.Add(filter);
        }
        var process = Command.Start("ip", args);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var capture = new PacketCapture(process, listening, description);
        try
        {
            if (!listening.Task.Wait(startTimeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new LabException($"tcpdump ({description}) did not start listening: {capture.StdErr.Trim()}");
            }
            return capture;
        }
        catch (AggregateException e) when (e.InnerException is LabException inner)
        {
            capture.Dispose();
            throw inner;
        }
        catch
        {
            capture.Dispose();
            throw;
        }
    }

    /// <summary>Stops tcpdump (SIGINT to its PID, so it flushes), waits for it, and returns every frame caught.</summary>
    public IReadOnlyList<CapturedPacket> Stop()
    {
        if (_packets is not null)
        {
            return _packets;
        }
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigInt);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }
        Task.WaitAll([_reader, _errReader], TimeSpan.FromSeconds(5));
        lock (_pcap)
        {
            _packets = ParsePcap(_pcap.GetBuffer().AsSpan(0, (int)_pcap.Length));
        }
        return _packets;
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Decodes a classic pcap stream (either byte order; Ethernet link type); a truncated tail is ignored.</summary>
    public static IReadOnlyList<CapturedPacket> ParsePcap(ReadOnlySpan<byte> data)
    {
        var packets = new List<CapturedPacket>();
        if (data.Length < 24)
        {
            return packets;
        }
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var little = magic is 0xa1b2c3d4 or 0xa1b23c4d;
        if (!little && magic is not (0xd4c3b2a1 or 0x4d3cb2a1))
        {
            throw new LabException($"not a pcap stream (magic 0x{magic:x8})");
        }
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var linkType = U32(data[20..]);
        if (linkType != 1)
        {
            throw new LabException($"pcap link type {linkType} is not Ethernet");
        }
        var at = 24;
        while (at + 16 <= data.Length)
        {
            var captured = (int)U32(data[(at + 8)..]);
            var original = (int)U32(data[(at + 12)..]);
            if (at + 16 + captured > data.Length)
            {
                break;
            }
            packets.Add(CapturedPacket.Parse(data.Slice(at + 16, captured), original));
            at += 16 + captured;
        }
        return packets;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
