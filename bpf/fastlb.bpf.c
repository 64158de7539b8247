/* FastLb XDP entry: parse, dispatch to the step that owns the packet (a VIP's mode step, a NAT
 * reply, the neighbour responder, the bridge), then count it under the reason that decided it.
 *
 * IP fragments are left to the kernel (PASS_FRAGMENT; bridged when inline transparent): only a
 * first fragment carries the ports, so no fragment could be matched to its flow alone. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "bridge.h"
#include "compiler.h"
#include "flow.h"
#include "forward.h"
#include "icmp.h"
#include "icmp_encap.h"
#include "maps.h"
#include "neigh.h"
#include "pkt.h"
#include "stats.h"
#include "verdict.h"

/* The reason that decides the packet. */
static __always_inline __u32 fastlb_dispatch(struct xdp_md *ctx, struct lb_pkt *p, __u32 len)
{
	int ret;

	ret = flow_extract(&p->pc, &p->key);
	if (ret == FASTLB_OK)
		return fwd_packet(ctx, p, len);
	if (ret == FASTLB_R_PASS_NOT_IP && p->pc.l3_proto == bpf_htons(ETH_P_ARP))
		return neigh_arp(ctx, p);
	if (ret == FASTLB_R_PASS_NOT_L4 && p->pc.l4_proto == IPPROTO_ICMPV6) {
		ret = neigh_nd(ctx, p);
		if (ret != FASTLB_R_PASS_NOT_L4)
			return ret;
		return icmp_error_step(ctx, p);
	}
	if (ret == FASTLB_R_PASS_NOT_L4 && p->pc.l4_proto == IPPROTO_ICMP)
		return icmp_error_step(ctx, p);
	return ret;
}

SEC("xdp")
int fastlb_xdp(struct xdp_md *ctx)
{
	struct lb_pkt p = {
	    .ctx = ctx,
	    .pc =
		{
		    .data = (void *)(long)ctx->data,
		    .data_end = (void *)(long)ctx->data_end,
		},
	    .ingress = ctx->ingress_ifindex,
	};
	__u32 len = p.pc.data_end - p.pc.data;
	__u32 zero = 0, reason;
	int act;

	p.topo = bpf_map_lookup_elem(&fastlb_topology, &zero);
	if (!p.topo) {
		stats_count(FASTLB_R_DROP_MALFORMED, len);
		return XDP_DROP;
	}
	reason = fastlb_dispatch(ctx, &p, len);
	reason = bridge_step(&p, reason);
	act = verdict_emit(&reason, p.port);
	stats_count(reason, len);
	return act;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
