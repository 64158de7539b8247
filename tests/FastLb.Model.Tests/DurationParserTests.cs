// The duration notation of the configuration file.

namespace FastLb.Model.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("1m", 60000)]
    [InlineData("1h", 3600000)]
    [InlineData("0", 0)]
    [InlineData("0.25ms", 0.25)]
    public void TryParse_ValidText_ReturnsDuration(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("s")]
    [InlineData("2 s")]
    [InlineData("2sec")]
    [InlineData("-1s")]
    [InlineData(".5s")]
    [InlineData("1.s")]
    [InlineData("2d")]
    [InlineData("7000000000000000000000h")]
    [InlineData("99999999999999999999999999999999ms")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(2000, "2s")]
    [InlineData(1500, "1500ms")]
    [InlineData(60000, "60s")]
    public void Format_Duration_ReadsLikeTheFile(double milliseconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }
}
