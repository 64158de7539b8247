/* Connection table: flows pinned to a real, rescheduled when that real is no longer up. */
#ifndef FASTLB_CONNTRACK_H
#define FASTLB_CONNTRACK_H

#include "abi.h"
#include "compiler.h"
#include "consts.h"
#include "maps.h"

/* An up real by index, or NULL (out of range, or not FASTLB_REAL_F_UP). */
static __always_inline struct fastlb_real *ct_real_up(__u32 idx)
{
	struct fastlb_real *real;

	if (idx >= FASTLB_MAX_REALS)
		return NULL;
	real = bpf_map_lookup_elem(&fastlb_reals, &idx);
	if (!real || !(real->flags & FASTLB_REAL_F_UP))
		return NULL;
	return real;
}

/* The up real the flow is pinned to, or NULL when the flow is new or its real is gone.
 * refreshed_ns is written only when older than FASTLB_FLOW_REFRESH_NS. */
static __always_inline struct fastlb_real *ct_lookup(const struct fastlb_flow_key *key, __u64 now,
						     __u32 *real_idx)
{
	struct fastlb_flow *flow;
	struct fastlb_real *real;
	__u32 idx;

	flow = bpf_map_lookup_elem(&fastlb_flows, key);
	if (!flow)
		return NULL;
	idx = flow->real;
	real = ct_real_up(idx);
	if (!real)
		return NULL;
	if (now - flow->refreshed_ns > FASTLB_FLOW_REFRESH_NS)
		flow->refreshed_ns = now;
	*real_idx = idx;
	return real;
}

/* Pins the flow to `real_idx` (replacing a stale entry). */
static __always_inline void ct_create(const struct fastlb_flow_key *key, __u32 real_idx,
				      __u32 service, __u64 now)
{
	struct fastlb_flow flow = {
	    .real = real_idx,
	    .service = service,
	    .refreshed_ns = now,
	};

	bpf_map_update_elem(&fastlb_flows, key, &flow, BPF_ANY);
}

#endif /* FASTLB_CONNTRACK_H */
