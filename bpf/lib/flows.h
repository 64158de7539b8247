/* Flow pinning: which real (and SNAT port) a 5-tuple was given, so later packets follow it, and
 * the flow's TCP state (new, established, closing), which decides its idle timeout and whether
 * it counts as an active flow of its real. */
#ifndef FASTLB_FLOWS_H
#define FASTLB_FLOWS_H

#include <linux/in.h>

#include "abi.h"
#include "active.h"
#include "compiler.h"
#include "consts.h"
#include "maps.h"
#include "reals.h"
#include "timeouts.h"

/* What a pinned flow gives the packet: its real and SNAT port, and whether the entry was
 * refreshed by this packet (then NAT modes re-insert an evicted reverse entry). */
struct flow_pin {
	struct fastlb_real *real;
	__u32 real_idx;
	__u32 hash; /* the flow's hash: a new flow's ring slot and first SNAT port; kept in the entry */
	__be16 snat_port;
	__u8 refreshed;
	__u8 is_new; /* no usable entry: the flow is being pinned by this packet */
	__u8 stale_main; /* a stale entry sits in the connection table (a SYN-only replacement removes it) */
	__u8 pad[3];
};

/* Adds one to fastlb_flow_events[event]. */
static __always_inline void flow_event(__u32 event)
{
	__u64 *n = bpf_map_lookup_elem(&fastlb_flow_events, &event);

	if (n)
		*n += 1;
}

/* A flow leaves its real (expired or moved): the real has one active flow fewer, unless the flow
 * was already closing or the index now names another real. The entry is marked closing, so a
 * packet that finds it again (its replacement failed) does not subtract twice. */
static __always_inline void flow_release(struct fastlb_flow *flow)
{
	struct fastlb_real *real;
	__u32 idx = flow->real;

	if (flow->state == FASTLB_FS_CLOSING || idx >= FASTLB_MAX_REALS)
		return;
	flow->state = FASTLB_FS_CLOSING;
	real = bpf_map_lookup_elem(&fastlb_reals, &idx);
	if (real && real->gen == flow->real_gen)
		active_add(idx, -1);
}

/* Moves a SYN-only flow, now established, from the SYN table to the connection table. */
static __always_inline void flow_promote(const struct fastlb_flow_key *key, const struct fastlb_flow *flow, __u64 now)
{
	struct fastlb_flow moved = *flow;

	moved.state = FASTLB_FS_ESTABLISHED;
	moved.refreshed_ns = now;
	bpf_map_update_elem(&fastlb_flows, key, &moved, BPF_ANY);
	bpf_map_delete_elem(&fastlb_syn_flows, key);
	flow_event(FASTLB_FE_PROMOTED);
}

/* Fills `pin` from the flow's entry (the connection table, else the SYN table) and returns 1, or
 * returns 0 when the flow is new: no entry, an entry of another service, an entry idle past its
 * state's timeout, a real that now belongs to another service or is another real of the same
 * service (its index was reused on a reload, which changes the index's generation: it must not
 * capture the flow), a real that is no longer up, or a SYN on a closing flow (a new connection). A FIN or RST moves the flow to closing; a
 * packet without SYN moves a SYN-only flow to established, and into the connection table.
 * refreshed_ns is written at most once a period. */
static __always_inline int flows_lookup(const struct fastlb_flow_key *key, __u32 service, __u64 now,
					__u8 tcp_flags, struct flow_pin *pin)
{
	struct fastlb_flow *flow;
	struct fastlb_real *real;
	int tcp = key->proto == IPPROTO_TCP, from_syn = 0;
	__u32 idx;

	flow = bpf_map_lookup_elem(&fastlb_flows, key);
	if (!flow && tcp) {
		/* Only TCP flows wait in the SYN table: a UDP miss is a new flow. */
		flow = bpf_map_lookup_elem(&fastlb_syn_flows, key);
		from_syn = 1;
	}
	if (!flow) {
		if (tcp && !(tcp_flags & FASTLB_TCP_SYN))
			flow_event(FASTLB_FE_MISS_NOT_SYN);
		return 0;
	}
	pin->stale_main = !from_syn;
	if (flow->service != service)
		return 0;
	/* A SYN on a closed flow opens a new connection on the reused 5-tuple: scheduled and counted
	 * anew (the closing entry no longer counts as active, so nothing is subtracted). */
	if (tcp && (tcp_flags & FASTLB_TCP_SYN) && flow->state == FASTLB_FS_CLOSING)
		return 0;
	idx = flow->real;
	real = real_up(idx);
	if (!real || real->service != service || real->gen != flow->real_gen) {
		flow_release(flow);
		return 0;
	}
	if (now - flow->refreshed_ns > timeout_of(key->proto, flow->state)) {
		flow_release(flow);
		flow_event(FASTLB_FE_EXPIRED);
		return 0;
	}
	pin->stale_main = 0;
	pin->refreshed = 0;
	if (tcp) {
		if ((tcp_flags & (FASTLB_TCP_FIN | FASTLB_TCP_RST)) && flow->state != FASTLB_FS_CLOSING) {
			flow->state = FASTLB_FS_CLOSING;
			active_add(idx, -1);
		} else if (flow->state == FASTLB_FS_NEW && !(tcp_flags & FASTLB_TCP_SYN)) {
			pin->real = real;
			pin->real_idx = idx;
			pin->snat_port = flow->snat_port;
			pin->hash = flow->hash;
			if (from_syn) {
				flow_promote(key, flow, now);
				pin->refreshed = 1;
				return 1;
			}
			flow->state = FASTLB_FS_ESTABLISHED;
		}
	}
	if (now - flow->refreshed_ns > FASTLB_FLOW_REFRESH_NS) {
		flow->refreshed_ns = now;
		pin->refreshed = 1;
	}
	pin->real = real;
	pin->real_idx = idx;
	pin->snat_port = flow->snat_port;
	pin->hash = flow->hash;
	return 1;
}

/* The state a flow starts in: a first packet need not be a SYN (a node taking over mid-flow). */
static __always_inline __u8 flow_first_state(__u8 proto, __u8 tcp_flags)
{
	if (proto != IPPROTO_TCP)
		return FASTLB_FS_ESTABLISHED;
	if (tcp_flags & (FASTLB_TCP_FIN | FASTLB_TCP_RST))
		return FASTLB_FS_CLOSING;
	return (tcp_flags & FASTLB_TCP_SYN) ? FASTLB_FS_NEW : FASTLB_FS_ESTABLISHED;
}

/* Pins the flow to the real and SNAT port in `pin` (replacing a stale entry): a SYN-only flow into
 * the SYN table (a stale entry of the connection table, which would be found first, goes), any
 * other into the connection table. An open flow counts as active on its real. */
static __always_inline void flow_pin_create(const struct fastlb_flow_key *key, const struct flow_pin *pin,
					    __u32 service, __u64 now, __u8 tcp_flags)
{
	struct fastlb_flow flow = {
	    .real = pin->real_idx,
	    .service = service,
	    .refreshed_ns = now,
	    .snat_port = pin->snat_port,
	    .state = flow_first_state(key->proto, tcp_flags),
	    .real_gen = pin->real->gen,
	    .hash = pin->hash,
	};
	void *table = &fastlb_flows;
	__u32 event = FASTLB_FE_NEW;

	if (flow.state == FASTLB_FS_NEW) {
		table = &fastlb_syn_flows;
		event = FASTLB_FE_NEW_SYN;
		if (pin->stale_main)
			bpf_map_delete_elem(&fastlb_flows, key);
	}
	if (bpf_map_update_elem(table, key, &flow, BPF_ANY) != 0)
		return;
	flow_event(event);
	if (flow.state != FASTLB_FS_CLOSING)
		active_add(pin->real_idx, 1);
}

#endif /* FASTLB_FLOWS_H */
