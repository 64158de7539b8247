/* The data plane's clock for idle timeouts and caches: CLOCK_MONOTONIC ns at the precision of a
 * tick. jiffies64 is one load (the verifier inlines the helper); bpf_ktime_get_coarse_ns, a call
 * through the timekeeper, cost about 16 ns per packet on the established path. */
#ifndef FASTLB_CLOCK_H
#define FASTLB_CLOCK_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "compiler.h"

/* The kernel's tick rate, from its config at load (libbpf); 0 when the config cannot be read. */
extern unsigned int CONFIG_HZ __kconfig __weak;

/* ns per jiffy (the kernel's TICK_NSEC) for the usual rates; 0 for any other. */
static __always_inline __u64 clock_tick_ns(void)
{
	switch (CONFIG_HZ) {
	case 100:
		return 10000000;
	case 250:
		return 4000000;
	case 300:
		return 3333333;
	case 1000:
		return 1000000;
	default:
		return 0;
	}
}

/* Now, in ns since jiffies started (INITIAL_JIFFIES: they start 300 s before their 32-bit wrap),
 * which tracks CLOCK_MONOTONIC within a fraction of a second; the coarse clock when the tick
 * rate is unknown. */
static __always_inline __u64 clock_now_ns(void)
{
	__u64 tick = clock_tick_ns();

	if (!tick)
		return bpf_ktime_get_coarse_ns();
	return (bpf_jiffies64() - (__u64)(__u32)(-300 * (int)CONFIG_HZ)) * tick;
}

#endif /* FASTLB_CLOCK_H */
