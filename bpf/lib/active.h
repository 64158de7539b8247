/* Active flows per real: the load least connections compares. Only flows opening, closing,
 * expiring or moving touch it, never an established packet. */
#ifndef FASTLB_ACTIVE_H
#define FASTLB_ACTIVE_H

#include "abi.h"
#include "compiler.h"
#include "maps.h"

/* Adds `delta` (+1 or -1) to real `idx`'s active flows. */
static __always_inline void active_add(__u32 idx, __s64 delta)
{
	__s64 *n = bpf_map_lookup_elem(&fastlb_real_active, &idx);

	if (n)
		__sync_fetch_and_add(n, delta);
}

/* Real `idx`'s active flows; never below 0 (a flow evicted by the LRU is never subtracted,
 * one subtracted after the controller zeroed a reused index could go below). */
static __always_inline __u64 active_of(__u32 idx)
{
	__s64 *n = bpf_map_lookup_elem(&fastlb_real_active, &idx);

	if (!n || *n < 0)
		return 0;
	return (__u64)*n;
}

#endif /* FASTLB_ACTIVE_H */
