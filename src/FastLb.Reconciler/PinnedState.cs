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
    public IReadOnlyList<string> Prepare(BpfObject obj)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return obj.PinMapsUnder(Directory);
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
