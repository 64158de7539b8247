/* The data plane's clock for idle timeouts and caches: CLOCK_MONOTONIC ns at the precision of a
 * tick. jiffies64 is one load (the verifier inlines the helper); bpf_ktime_get_coarse_ns, a call
 * through the timekeeper, cost about 16 ns per packet on the established path. */
#ifndef FASTLB_CLOCK_H
#define FASTLB_CLOCK_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "compiler.h"
#include "timeouts.h"

/* The clock without a known tick rate: the coarse clock, which syscall programs may not call (they
 * define CLOCK_FALLBACK_NS as bpf_ktime_get_ns, the same clock at full precision). */
#ifndef CLOCK_FALLBACK_NS
#define CLOCK_FALLBACK_NS bpf_ktime_get_coarse_ns
#endif

/* Now, in ns since jiffies started, which tracks CLOCK_MONOTONIC within a fraction of a second.
 * The tick length and where jiffies start are the running kernel's, written before load with the
 * timeouts (KernelTick); when the controller could not tell the tick rate, the coarse clock. */
static __always_inline __u64 clock_now_ns(void)
{
	__u64 tick = fastlb_timeouts.tick_ns;

	if (!tick)
		return CLOCK_FALLBACK_NS();
	return (bpf_jiffies64() - fastlb_timeouts.jiffies_start) * tick;
}

#endif /* FASTLB_CLOCK_H */
