/* Per-CPU counters: by reason, by service, by real. No locks: each CPU owns its slot. */
#ifndef FASTLB_STATS_H
#define FASTLB_STATS_H

#include <linux/bpf.h>

#include "abi.h"
#include "compiler.h"
#include "maps.h"

/* The one verdict each reason stands for. */
static __always_inline int stats_action(__u32 reason)
{
	switch (reason) {
	case FASTLB_R_TX_FORWARD:
	case FASTLB_R_TX_REPLY:
	case FASTLB_R_TX_NEIGH_REPLY:
	case FASTLB_R_TX_ICMP_ERROR:
		return XDP_TX;
	case FASTLB_R_REDIRECT_FORWARD:
	case FASTLB_R_REDIRECT_REPLY:
	case FASTLB_R_REDIRECT_BRIDGE:
	case FASTLB_R_REDIRECT_ICMP_ERROR:
		return XDP_REDIRECT;
	case FASTLB_R_PASS_NOT_IP:
	case FASTLB_R_PASS_NOT_VIP:
	case FASTLB_R_PASS_FRAGMENT:
	case FASTLB_R_PASS_NOT_L4:
	case FASTLB_R_PASS_IP6_EXT:
	case FASTLB_R_PASS_NO_NEIGH:
		return XDP_PASS;
	default:
		return XDP_DROP;
	}
}

/* Adds one packet of `len` bytes to fastlb_stats[reason] and returns the reason's verdict. */
static __always_inline int stats_finish(__u32 reason, __u32 len)
{
	struct fastlb_counter *c = bpf_map_lookup_elem(&fastlb_stats, &reason);

	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
	return stats_action(reason);
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
