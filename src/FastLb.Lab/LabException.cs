namespace FastLb.Lab;

/// <summary>A lab could not be built or driven (a tool failed, a name clashed).</summary>
public sealed class LabException : Exception
{
    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
