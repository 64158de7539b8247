namespace FastLb.Interop.Bpf;

/// <summary>Flags of a map update (BPF_ANY, BPF_NOEXIST, BPF_EXIST).</summary>
public enum MapUpdate : ulong
{
    /// <summary>Create or replace.</summary>
    Any = 0,

    /// <summary>Create only; fails with EEXIST if the key exists.</summary>
    NoExist = 1,

    /// <summary>Replace only; fails with ENOENT if the key is missing.</summary>
    Exist = 2,
}
