// Builds the YAML tree of a configuration from YamlDotNet's event parser, with bounds: nesting
// depth, alias expansion, recursive aliases and duplicate keys are refused with their position,
// and no exception of the parser escapes. No step recurses, so no input can overflow the stack.
using FastLb.Model.Reading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FastLb.Model.Yaml;

internal sealed class YamlTreeReader
{
    /// <summary>Deepest nesting of lists and mappings accepted (a configuration needs about 8).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most nodes the document may stand for once every alias is expanded.</summary>
    public const long MaxExpandedNodes = 1_000_000;

    private readonly ConfigErrors _errors;
    private readonly Stack<Frame> _open = new();
    private readonly Dictionary<string, (YamlNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openAnchors = new(StringComparer.Ordinal);
    private YamlNode? _root;
    private long _expanded;

    private YamlTreeReader(ConfigErrors errors)
    {
        _errors = errors;
    }

    /// <summary>
    /// The first document's root, or null when the text cannot be read as YAML (the errors say
    /// why). Duplicate keys and a second document are reported, and the tree is still returned.
    /// </summary>
    public static YamlNode? Read(string text, ConfigErrors errors) => new YamlTreeReader(errors).Read(text);

    private YamlNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        Mark last = Mark.Empty;
        int documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.Start;
                if (current is DocumentStart)
                {
                    documents++;
                    continue;
                }

                if (documents > 1 && current is NodeEvent or AnchorAlias)
                {
                    _errors.Add(Line(current.Start), Column(current.Start), "configuration must be a single YAML document");
                    return _root;
                }

                if (!Accept(current))
                {
                    return null;
                }
            }
        }
        catch (YamlException ex)
        {
            // The scanner marks some errors (a tab as indentation) at 1:1; they are never before what was read.
            var at = ex.Start.Index >= last.Index ? ex.Start : last;
            _errors.Add(Line(at), Column(at), $"YAML syntax error: {WithoutMarks(ex.Message)}");
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The scanner throws more than YamlException on some malformed input (an unclosed flow
            // collection before a block entry throws InvalidOperationException); whatever the type,
            // the text is just not valid YAML, and the caller expects a ConfigException only.
            _errors.Add(Line(last), Column(last), "YAML syntax error: malformed YAML after this point (an unclosed '[' or '{', or a list entry where none can start?)");
            return null;
        }

        return _root;
    }

    private bool Accept(ParsingEvent current)
    {
        switch (current)
        {
            case Scalar scalar:
                return Add(new YamlScalar(Line(scalar.Start), Column(scalar.Start), scalar.Value,
                    scalar.Style is ScalarStyle.Plain or ScalarStyle.Any), scalar);
            case SequenceStart start:
                return Open(start, isMapping: false);
            case MappingStart start:
                return Open(start, isMapping: true);
            case SequenceEnd or MappingEnd:
                return Close();
            case AnchorAlias alias:
                return Alias(alias);
            default:
                return true;
        }
    }

    private bool Open(NodeEvent start, bool isMapping)
    {
        if (_open.Count >= MaxDepth)
        {
            _errors.Add(Line(start.Start), Column(start.Start), $"nesting deeper than {MaxDepth} levels");
            return false;
        }

        if (!Count(1, start.Start))
        {
            return false;
        }

        string? anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
        if (anchor is not null)
        {
            _openAnchors.Add(anchor);
        }

        _open.Push(new Frame(Line(start.Start), Column(start.Start), isMapping, anchor));
        return true;
    }

    private bool Close()
    {
        var frame = _open.Pop();
        YamlNode node = frame.IsMapping
            ? new YamlMapping(frame.Line, frame.Column, frame.Entries)
            : new YamlList(frame.Line, frame.Column, frame.Items);
        if (frame.Anchor is not null)
        {
            _openAnchors.Remove(frame.Anchor);
            _anchors[frame.Anchor] = (node, frame.Size);
        }

        return Place(node, frame.Size);
    }

    private bool Alias(AnchorAlias alias)
    {
        string name = alias.Value.Value;
        if (_openAnchors.Contains(name))
        {
            _errors.Add(Line(alias.Start), Column(alias.Start), $"alias '*{name}' refers to a node that contains it (recursive aliases are not allowed)");
            return false;
        }

        if (!_anchors.TryGetValue(name, out var target))
        {
            _errors.Add(Line(alias.Start), Column(alias.Start), $"alias '*{name}' refers to no anchor defined before it");
            return false;
        }

        return Count(target.Size, alias.Start) && Place(target.Node, target.Size);
    }

    private bool Add(YamlScalar node, Scalar scalar)
    {
        if (!Count(1, scalar.Start))
        {
            return false;
        }

        if (!scalar.Anchor.IsEmpty)
        {
            _anchors[scalar.Anchor.Value] = (node, 1);
        }

        return Place(node, 1);
    }

    /// <summary>Counts nodes as they would be after alias expansion; refuses alias bombs.</summary>
    private bool Count(long size, Mark at)
    {
        _expanded += size;
        if (_expanded > MaxExpandedNodes)
        {
            _errors.Add(Line(at), Column(at), $"the document expands to more than {MaxExpandedNodes} nodes through aliases");
            return false;
        }

        return true;
    }

    private bool Place(YamlNode node, long size)
    {
        if (_open.Count == 0)
        {
            _root ??= node;
            return true;
        }

        var parent = _open.Peek();
        parent.Size += size;
        if (!parent.IsMapping)
        {
            parent.Items.Add(node);
            return true;
        }

        if (parent.PendingKey is null)
        {
            parent.PendingKey = node;
            return true;
        }

        var key = parent.PendingKey;
        parent.PendingKey = null;
        if (key is YamlScalar { Value: var name } && !parent.Keys.TryAdd(name, key))
        {
            var first = parent.Keys[name];
            _errors.Add(key, $"YAML syntax error: Duplicate key '{name}' (first at line {first.Line}, column {first.Column})");
            return true;
        }

        parent.Entries.Add(new(key, node));
        return true;
    }

    private static string WithoutMarks(string message)
    {
        // YamlDotNet prefixes "(Line: 5, Col: 1, Idx: 63) - (Line: ...): "; the location is ours to print.
        int end = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        return end < 0 ? message : message[(end + 3)..];
    }

    private static int Line(Mark mark) => (int)Math.Clamp(mark.Line, 0, int.MaxValue);

    private static int Column(Mark mark) => (int)Math.Clamp(mark.Column, 0, int.MaxValue);

    private sealed class Frame(int line, int column, bool isMapping, string? anchor)
    {
        public int Line { get; } = line;

        public int Column { get; } = column;

        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public long Size { get; set; } = 1;

        public List<YamlNode> Items { get; } = [];

        public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = [];

        public Dictionary<string, YamlNode> Keys { get; } = new(StringComparer.Ordinal);

        public YamlNode? PendingKey { get; set; }
    }
}
