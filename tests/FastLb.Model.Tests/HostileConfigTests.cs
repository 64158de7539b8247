// Hostile configuration files: each gets a located, clear error, and none crashes, hangs or escapes as another exception.

namespace FastLb.Model.Tests;

public sealed class HostileConfigTests
{
    // A reload runs on a thread with a small stack: the reader must not recurse with the input.
    private const int SmallStack = 256 * 1024;

    private static readonly string HostileDir = Path.Combine(AppContext.BaseDirectory, "Hostile");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(HostileDir, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastFortyFiles_EachSayingWhatItTries()
    {
        var files = Directory.GetFiles(HostileDir, "*.yaml");
        Assert.True(files.Length >= 40, $"{files.Length} hostile files");
        Assert.All(files, f => Assert.StartsWith("# tries: ", File.ReadLines(f).First(), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void LoadFile_HostileConfig_RefusedWithLocatedError(string name)
    {
        string path = Path.Combine(HostileDir, name);
        string expect = File.ReadLines(path).Skip(1).First()["# expect: ".Length..];

        var outcome = LoadOnSmallStack(path);

        var ex = Assert.IsType<ConfigException>(outcome);
        Assert.NotEmpty(ex.Errors);
        Assert.All(ex.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, $"not located: {e}"));
        Assert.Contains(ex.Errors, e => e.ToString().Contains(expect, StringComparison.Ordinal));

        // One error per line: user text cannot add lines to the output.
        Assert.Equal(ex.Errors.Count, ex.Message.Split('\n').Length);
        Assert.All(ex.Errors, e => Assert.DoesNotContain(e.ToString(), c => char.IsControl(c)));
    }

    [Fact]
    public void LoadFile_EmptyPath_RefusedWithoutThrowingOtherwise()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(string.Empty, TestLimits.Default));
        Assert.Equal("<empty path>:0:0: no configuration file given (the path is empty)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void LoadFile_DevZero_RefusedAfterReadingOnlyTheCap()
    {
        var ex = Assert.IsType<ConfigException>(LoadOnSmallStack("/dev/zero"));
        Assert.Equal($"/dev/zero:0:0: configuration is larger than {ConfigLoader.MaxFileBytes} bytes (or not a regular file)", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void LoadFile_Fifo_RefusedWithoutWaitingForAWriter()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastlb-fifo-{Guid.NewGuid():N}");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        try
        {
            var ex = Assert.IsType<ConfigException>(LoadOnSmallStack(path));
            Assert.Equal($"{path}:0:0: cannot read configuration: not a regular file (a pipe or socket)", Assert.Single(ex.Errors).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_Directory_Refused()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(HostileDir, TestLimits.Default));
        Assert.Equal($"{HostileDir}:0:0: cannot read configuration: it is a directory", Assert.Single(ex.Errors).ToString());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void LoadFile_SizeAtAndOverTheCap_OnlyOverIsRefusedForSize(int over, bool refusedForSize)
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastlb-big-{Guid.NewGuid():N}.yaml");
        string head = "interface: veth0\n#";
        File.WriteAllText(path, head + new string('x', ConfigLoader.MaxFileBytes - head.Length - 1 + over) + "\n");
        try
        {
            var outcome = LoadOnSmallStack(path);
            if (refusedForSize)
            {
                var ex = Assert.IsType<ConfigException>(outcome);
                Assert.Contains("is larger than", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(outcome);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_NotUtf8_Refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fastlb-latin1-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, [.. "interface: eth"u8, 0xe9, (byte)'\n']);
        try
        {
            var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(path, TestLimits.Default));
            Assert.Equal($"{path}:0:0: configuration is not valid UTF-8 text", Assert.Single(ex.Errors).ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_AliasesWithinTheBound_Accepted()
    {
        // Anchors are useful (a check shared by services); only bombs are refused.
        var config = ConfigLoader.Parse("""
            interface: veth0
            services:
              - name: a
                vip: 203.0.113.10
                port: 80
                check: &check {type: http, path: /health}
                reals: &reals
                  - {address: 192.0.2.11, mac: 02:00:00:00:00:11}
              - name: b
                vip: 203.0.113.10
                port: 81
                check: *check
                reals: *reals
            """, "alias.yaml", TestLimits.Default);
        Assert.Equal("/health", config.Services[1].Check!.Path);
        Assert.Equal(config.Services[0].Reals.Select(r => r.Address), config.Services[1].Reals.Select(r => r.Address));
        Assert.Equal((ushort)81, config.Services[1].Reals[0].Port);
    }

    /// <summary>
    /// Loads on a thread with a small stack; returns what it threw (null: loaded). The wait is a
    /// bound that turns a hang into a failure, not a measure of speed.
    /// </summary>
    private static Exception? LoadOnSmallStack(string path)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                ConfigLoader.LoadFile(path, TestLimits.Default);
            }
            catch (Exception ex)
            {
                thrown = ex;
            }
        }, SmallStack);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), $"loading {path} did not finish within the bound");
        return thrown;
    }
}
