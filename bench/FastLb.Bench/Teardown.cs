namespace FastLb.Bench;

/// <summary>Disposes its items in reverse order (attachments before the objects they belong to).</summary>
public sealed class Teardown(params IDisposable[] items) : IDisposable
{
    public void Dispose()
    {
        for (var i = items.Length - 1; i >= 0; i--)
        {
            items[i].Dispose();
        }
    }
}
