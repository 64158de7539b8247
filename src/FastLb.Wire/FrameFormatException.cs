namespace FastLb.Wire;

/// <summary>A frame the parser cannot read, or one whose checksums are wrong; the message names the field.</summary>
public sealed class FrameFormatException(string message) : Exception(message);
