/* Per-CPU counters: by reason, by service, by real. No locks: each CPU owns its slot. */
#ifndef FASTLB_STATS_H
#define FASTLB_STATS_H

#include <linux/bpf.h>

#include "abi.h"
#include "compiler.h"
#include "maps.h"

/* Adds one packet of `len` bytes to fastlb_stats[reason]. */
static __always_inline void stats_count(__u32 reason, __u32 len)
{
	struct fastlb_counter *c = bpf_map_lookup_elem(&fastlb_stats, &reason);

	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
}

/* Adds one packet of `len` bytes addressed to service `id`. */
static __always_inline void stats_service(__u32 id, __u32 len)
{
	struct fastlb_counter *c = bpf_map_lookup_elem(&fastlb_svc_stats, &id);

	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
}

/* Adds one forwarded packet of `len` bytes to real `idx`, and a new flow if it is one. */
static __always_inline void stats_real(__u32 idx, __u32 len, int new_flow)
{
	struct fastlb_real_counter *c = bpf_map_lookup_elem(&fastlb_real_stats, &idx);

	if (c) {
		c->packets += 1;
		c->bytes += len;
		if (new_flow)
			c->new_flows += 1;
	}
}

#endif /* FASTLB_STATS_H */
