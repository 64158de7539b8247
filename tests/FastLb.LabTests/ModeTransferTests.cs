// Several megabytes through each mode: every byte arrives, in order, through the real XDP program.

namespace FastLb.LabTests;

public sealed class ModeTransferTests
{
    private const int Length = 6 * 1024 * 1024;
    private const int Downloads = 4;

    [RootTheory]
    [MemberData(nameof(ModeCases.All), MemberType = typeof(ModeCases))]
    public async Task Download_SeveralMegabytes_ArrivesIntact(ModeTopology topology, bool v6)
    {
        await using var run = ModeLabRun.Start(topology, v6);
        var expected = LabPayload.Sha256(Length);
        await run.ProbeAsync();

        var downloads = new List<LabDownload>();
        for (var i = 0; i < Downloads; i++)
        {
            downloads.Add(await LabDownload.GetAsync(run.Lab.Client.Namespace, run.Vip, ModeLab.ServicePort, Length, TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        Assert.All(downloads, d =>
        {
            Assert.Equal(200, d.StatusCode);
            Assert.Equal(Length, d.Length);
            Assert.Equal(expected, d.Sha256);
            Assert.Contains(d.ServedBy, run.Lab.RealNames);
        });
        // The hash tells transfers apart: one byte fewer is another payload.
        Assert.NotEqual(expected, LabPayload.Sha256(Length - 1));
        var stats = run.Controller.ReadStats();
        Assert.True(stats.Reals.Where(r => r.Service == run.Service).Sum(r => (long)r.Bytes) >= Downloads * 200,
            "the requests went through the data plane");
    }
}
