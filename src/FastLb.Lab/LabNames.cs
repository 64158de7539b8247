namespace FastLb.Lab;

/// <summary>Unique short names so parallel labs never collide (interface names max 15 chars).</summary>
public static class LabNames
{
    /// <summary>A fresh prefix like "fl3k9a": "fl" plus four random base-36 characters.</summary>
    public static string NewPrefix()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> s = stackalloc char[4];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        }
        return "fl" + new string(s);
    }
}
