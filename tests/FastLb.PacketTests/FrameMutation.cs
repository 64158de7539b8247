namespace FastLb.PacketTests;

/// <summary>Damages a valid frame the way the random frame tests feed it to the program.</summary>
internal static class FrameMutation
{
    /// <summary>Header-focused damage: a few bytes rewritten in the first 80, sometimes a cut or trailing bytes.</summary>
    public static byte[] Mutate(Random random, byte[] template)
    {
        var frame = (byte[])template.Clone();
        var mutations = random.Next(0, 4);
        for (var m = 0; m < mutations; m++)
        {
            var at = random.Next(12, Math.Min(frame.Length, 80));
            frame[at] = random.Next(3) switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(frame[at] ^ (1 << random.Next(8))),
                _ => (byte)(frame[at] + random.Next(-2, 3)),
            };
        }
        switch (random.Next(6))
        {
            case 0:
                frame = frame[..random.Next(14, frame.Length + 1)];
                break;
            case 1:
                frame = [.. frame, .. Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(256))];
                break;
        }
        return frame;
    }
}
