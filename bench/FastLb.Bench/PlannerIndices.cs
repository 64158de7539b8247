// The service and real index allocators a running controller keeps from one plan to the next.
using FastLb.Reconciler;

namespace FastLb.Bench;

public sealed record PlannerIndices(IndexAllocator Services, IndexAllocator Reals)
{
    public static PlannerIndices Create(uint services, uint reals) =>
        new(new IndexAllocator(services, "service"), new IndexAllocator(reals, "real"));
}
