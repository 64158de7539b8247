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
	__u32 hash; /* a new flow's hash: its ring slot and first SNAT port */
	__be16 snat_port;
	__u8 refreshed;
	__u8 is_new; /* no usable entry: the flow is being pinned by this packet */
};

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

/* Fills `pin` from the flow's entry and returns 1, or returns 0 when the flow is new: no entry,
 * an entry of another service, an entry idle past its state's timeout, a real that now belongs
 * to another service or is another real of the same service (its index was reused on a reload,
 * which changes the index's generation: it must not capture the flow), or a real that is no
 * longer up. A FIN or RST moves the flow to closing, a packet without SYN from new to
 * established. refreshed_ns is written at most once a period. */
static __always_inline int flows_lookup(const struct fastlb_flow_key *key, __u32 service, __u64 now,
					__u8 tcp_flags, struct flow_pin *pin)
{
	struct fastlb_flow *flow;
	struct fastlb_real *real;
	__u32 idx;

	flow = bpf_map_lookup_elem(&fastlb_flows, key);
	if (!flow || flow->service != service)
		return 0;
	idx = flow->real;
	real = real_up(idx);
	if (!real || real->service != service || real->gen != flow->real_gen ||
	    now - flow->refreshed_ns > timeout_of(key->proto, flow->state)) {
		flow_release(flow);
		return 0;
	}
	if (key->proto == IPPROTO_TCP) {
		if ((tcp_flags & (FASTLB_TCP_FIN | FASTLB_TCP_RST)) && flow->state != FASTLB_FS_CLOSING) {
			flow->state = FASTLB_FS_CLOSING;
			active_add(idx, -1);
		} else if (flow->state == FASTLB_FS_NEW && !(tcp_flags & FASTLB_TCP_SYN)) {
			flow->state = FASTLB_FS_ESTABLISHED;
		}
	}
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

/* The state a flow starts in: a first packet need not be a SYN (a node taking over mid-flow). */
static __always_inline __u8 flow_first_state(__u8 proto, __u8 tcp_flags)
{
	if (proto != IPPROTO_TCP)
		return FASTLB_FS_ESTABLISHED;
	if (tcp_flags & (FASTLB_TCP_FIN | FASTLB_TCP_RST))
		return FASTLB_FS_CLOSING;
	return (tcp_flags & FASTLB_TCP_SYN) ? FASTLB_FS_NEW : FASTLB_FS_ESTABLISHED;
}

/* Pins the flow to the real and SNAT port in `pin` (replacing a stale entry); an open flow
 * counts as active on its real. */
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
	};

	if (bpf_map_update_elem(&fastlb_flows, key, &flow, BPF_ANY) == 0 && flow.state != FASTLB_FS_CLOSING)
		active_add(pin->real_idx, 1);
}

#endif /* FASTLB_FLOWS_H */
