namespace FastLb.PacketTests;

/// <summary>
/// Two sides' steps on two threads (so on two CPUs), step i of both started together: each side
/// spins until the other has reached step i, so neither sleeps and the two steps meet, as two CPUs'
/// packets of a race do. A side that fails lets the other run on alone; the failure is rethrown.
/// </summary>
internal static class PairedThreads
{
    /// <param name="steps">Steps per side.</param>
    /// <param name="step">Side (0 or 1) and step index.</param>
    /// <param name="host">Runs a side's whole loop (e.g. inside a network namespace); by default on its thread as is.</param>
    public static void Run(int steps, Action<int, int> step, Action<Action>? host = null)
    {
        host ??= loop => loop();
        var started = new int[2];
        var failures = new Exception?[2];
        var threads = Enumerable.Range(0, 2).Select(side => new Thread(() =>
        {
            try
            {
                host(() =>
                {
                    for (var i = 0; i < steps; i++)
                    {
                        Interlocked.Increment(ref started[side]);
                        while (Volatile.Read(ref started[1 - side]) <= i)
                        {
                            Thread.SpinWait(1);
                        }
                        step(side, i);
                    }
                });
            }
            catch (Exception e)
            {
                failures[side] = e;
                Interlocked.Add(ref started[side], steps); // the other side must not wait for it
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Null(failures[0]);
        Assert.Null(failures[1]);
    }
}
