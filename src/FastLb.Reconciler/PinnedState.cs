using FastLb.Interop.Bpf;

namespace FastLb.Reconciler;

/// <summary>
/// Where one instance keeps what outlives its controller: the maps and the XDP links pinned in
/// /sys/fs/bpf/fastlb/INSTANCE/, and the service and real index allocation in
/// /run/fastlb/INSTANCE.indices.json (bpffs holds only BPF objects; /run, like bpffs, ends with
/// the boot). A controller that exits or dies leaves all of it, so forwarding goes on; the next
/// one adopts it; <see cref="Remove"/> (`fastlb stop --detach`) takes it all away.
/// </summary>
public sealed class PinnedState
{
    public const string DefaultBpfRoot = "/sys/fs/bpf/fastlb";
    public const string DefaultRunRoot = "/run/fastlb";

    /// <summary>The link on the interface facing the clients (the only one, one-arm).</summary>
    public const string Outside = "outside";

    /// <summary>The link on the interface facing the reals, inline.</summary>
    public const string Inside = "inside";

    public PinnedState(string instance, string bpfRoot = DefaultBpfRoot, string runRoot = DefaultRunRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(instance);
        if (instance is "." or ".." || instance.Contains('/'))
        {
            throw new ArgumentException($"instance '{instance}' is not one path segment", nameof(instance));
        }
        Instance = instance;
        Directory = Path.Combine(bpfRoot, instance);
        IndicesPath = Path.Combine(runRoot, instance + ".indices.json");
    }

    public string Instance { get; }

    /// <summary>The bpffs directory holding this instance's maps and links.</summary>
    public string Directory { get; }

    /// <summary>The index allocation, rewritten (atomically) whenever it changes.</summary>
    public string IndicesPath { get; }

    /// <summary>True when a previous controller left an attached program behind.</summary>
    public bool HasLink => File.Exists(LinkPath(Outside));

    public string LinkPath(string role) => Path.Combine(Directory, "link-" + role);

    /// <summary>Before load: the object's maps reuse the pinned ones, or get pinned by the load.</summary>
    /// <exception cref="InvalidOperationException">A pinned map has another type or size than the object asks for.</exception>
    public IReadOnlyList<string> Prepare(BpfObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        EnsureSameShape(obj);
        System.IO.Directory.CreateDirectory(Directory);
        return obj.PinMapsUnder(Directory);
    }

    /// <summary>The config key that sizes each map, for the message that refuses a pinned map of another size.</summary>
    private static string SizedBy(string map) => map switch
    {
        "fastlb_rings" or ServiceTable.ConfigsMap => "max-services",
        "fastlb_flows" => "flow-table-size",
        _ when DataPlane.ServiceSized.Contains(map) => "max-services",
        _ when DataPlane.RealSized.Contains(map) => "max-reals",
        _ => "the program",
    };

    // libbpf would refuse such a map too, but only as "parameter mismatch" in its log.
    private void EnsureSameShape(BpfObject obj)
    {
        foreach (var (name, type, entries, valueSize) in obj.MapDefinitions())
        {
            var path = Path.Combine(Directory, name);
            if (!File.Exists(path))
            {
                continue;
            }
            using var pinned = BpfMap.OpenPinned(path);
            if (pinned.Type == type && pinned.ValueSize != valueSize)
            {
                throw new InvalidOperationException(
                    $"instance '{Instance}' has map {name} pinned with {pinned.ValueSize}-byte values, but this program's are {valueSize} bytes (pinned by another FastLb version): "
                    + $"run 'fastlb stop --detach --instance {Instance}' first (it stops forwarding until the next start)");
            }
            if (pinned.Type != type || pinned.MaxEntries != entries)
            {
                throw new InvalidOperationException(
                    $"instance '{Instance}' has map {name} pinned as {pinned.Type} of {pinned.MaxEntries} entries, but this start needs {type} of {entries} ({SizedBy(name)}): "
                    + $"pinned maps keep their size, so run 'fastlb stop --detach --instance {Instance}' first (it stops forwarding until the next start)");
            }
        }
    }

    /// <summary>Writes the allocation next to the pins (temporary file, then rename: never half a file).</summary>
    public void SaveIndices(IndexAllocator services, IndexAllocator reals)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(IndicesPath)!);
        var temp = IndicesPath + ".tmp";
        File.WriteAllText(temp, IndexFile.Write(services.Entries, reals.Entries));
        File.Move(temp, IndicesPath, overwrite: true);
    }

    /// <summary>The allocation the last controller saved; null when there is none or it cannot be read.</summary>
    public IndexFile? LoadIndices() => File.Exists(IndicesPath) ? IndexFile.TryRead(File.ReadAllText(IndicesPath)) : null;

    /// <summary>
    /// Detaches every pinned link (at once, whoever still holds it), then removes every pin, the
    /// directory and the index file.
    /// </summary>
    /// <returns>What was removed, one line each; empty when there was nothing.</returns>
    public IReadOnlyList<string> Remove()
    {
        var removed = new List<string>();
        foreach (var role in new[] { Outside, Inside })
        {
            using var link = File.Exists(LinkPath(role)) ? PinnedLink.TryOpen(LinkPath(role)) : null;
            if (link is not null)
            {
                var ifindex = link.Ifindex;
                link.Detach();
                removed.Add($"detached XDP link {link.Id} from ifindex {ifindex}");
            }
        }
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var pin in System.IO.Directory.GetFiles(Directory))
            {
                File.Delete(pin);
                removed.Add($"removed {pin}");
            }
            System.IO.Directory.Delete(Directory);
            removed.Add($"removed {Directory}");
            // The last instance gone: leave no empty fastlb directory behind in bpffs.
            var root = Path.GetDirectoryName(Directory)!;
            if (System.IO.Directory.Exists(root) && !System.IO.Directory.EnumerateFileSystemEntries(root).Any())
            {
                try
                {
                    System.IO.Directory.Delete(root);
                }
                catch (IOException)
                {
                    // Another instance pinned itself there meanwhile: it stays.
                }
            }
        }
        if (File.Exists(IndicesPath))
        {
            File.Delete(IndicesPath);
            removed.Add($"removed {IndicesPath}");
        }
        return removed;
    }
}
