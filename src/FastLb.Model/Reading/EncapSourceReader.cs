// Reads the top-level `encap-source:` mapping (v4, v6) into the draft.

namespace FastLb.Model.Reading;

internal sealed class EncapSourceReader(NodeReader reader)
{
    private static readonly KeyRow[] Keys =
    [
        new("v4", KeyType.EncapSource),
        new("v6", KeyType.EncapSource),
    ];

    public void Read(ConfigDraft draft)
    {
        if (draft.Root["encap-source"] is not { } node)
        {
            return;
        }

        if (reader.Section(node, "encap-source", "'encap-source'", Keys) is not { } map)
        {
            return;
        }

        if (node is Model.Yaml.YamlMapping { Entries.Count: 0 })
        {
            reader.Error(node, "'encap-source' is empty (give v4: and/or v6: addresses of FastLb's, or remove it)");
            return;
        }

        var values = new KeyTableReader(reader).Read(map, Keys);
        draft.EncapSource4 = values.Ref<EncapSource>("v4");
        draft.EncapSource6 = values.Ref<EncapSource>("v6");
    }
}
