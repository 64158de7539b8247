using System.Runtime.ExceptionServices;

namespace FastLb.Reconciler;

/// <summary>
/// Runs independent per-service work (a ring repair, the stores into a service's idle table) on
/// every core when there is enough of it. A failure surfaces as the exception itself, as it would
/// from a loop, not wrapped in an <see cref="AggregateException"/>.
/// </summary>
internal static class PerService
{
    /// <summary>Fewer items than this run on the calling thread: handing them to the pool costs more than it saves.</summary>
    public const int ParallelFrom = 8;

    public static void For(int count, Action<int> body)
    {
        if (count < ParallelFrom || Environment.ProcessorCount == 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
