/* Flow pinning: which real (and SNAT port) a 5-tuple was given, so later packets follow it.
 * No connection state is tracked: an entry lives until the LRU evicts it. */
#ifndef FASTLB_FLOWS_H
#define FASTLB_FLOWS_H

#include "abi.h"
#include "compiler.h"
#include "consts.h"
#include "maps.h"
#include "reals.h"

/* What a pinned flow gives the packet: its real and SNAT port, and whether the entry was
 * refreshed by this packet (then NAT modes re-insert an evicted reverse entry). */
struct flow_pin {
	struct fastlb_real *real;
	__u32 real_idx;
	__u32 hash; /* a new flow's hash: its ring slot and first SNAT port */
	__be16 snat_port;
	__u8 refreshed;
	__u8 is_new; /* no usable entry: the flow is being pinned by this packet */
};

/* Fills `pin` from the flow's entry and returns 1, or returns 0 when the flow is new: no entry,
 * an entry of another service, a real that now belongs to another service (its index was
 * reused on a reload: it must not capture the flow), or a real that is no longer up.
 * refreshed_ns is written at most once a period. */
static __always_inline int flows_lookup(const struct fastlb_flow_key *key, __u32 service, __u64 now,
					struct flow_pin *pin)
{
	struct fastlb_flow *flow;
	struct fastlb_real *real;
	__u32 idx;

	flow = bpf_map_lookup_elem(&fastlb_flows, key);
	if (!flow || flow->service != service)
		return 0;
	idx = flow->real;
	real = real_up(idx);
	if (!real || real->service != service)
		return 0;
	pin->refreshed = 0;
	if (now - flow->refreshed_ns > FASTLB_FLOW_REFRESH_NS) {
		flow->refreshed_ns = now;
		pin->refreshed = 1;
	}
	pin->real = real;
	pin->real_idx = idx;
	pin->snat_port = flow->snat_port;
	return 1;
}

/* Pins the flow to the real and SNAT port in `pin` (replacing a stale entry). */
static __always_inline void flow_pin_create(const struct fastlb_flow_key *key, const struct flow_pin *pin,
					    __u32 service, __u64 now)
{
	struct fastlb_flow flow = {
	    .real = pin->real_idx,
	    .service = service,
	    .refreshed_ns = now,
	    .snat_port = pin->snat_port,
	};

	bpf_map_update_elem(&fastlb_flows, key, &flow, BPF_ANY);
}

#endif /* FASTLB_FLOWS_H */
