/* Transparent mode: a balancing switch. The destination becomes the real (address, port, MAC);
 * the TTL stays. Inline, the source MAC stays too (the real sees the client as behind a switch)
 * and replies cross with the MACs the real wrote. One-arm, FastLb is a host on the segment: its
 * own MAC is the source (a learning switch must not learn the client's MAC on FastLb's port)
 * and a reply's MACs come from the neighbour table, as the real addressed it to FastLb. */
#ifndef FASTLB_MODE_TRANSPARENT_H
#define FASTLB_MODE_TRANSPARENT_H

#include <linux/bpf.h>
#include <linux/if_ether.h>

#include "abi.h"
#include "clock.h"
#include "compiler.h"
#include "eth.h"
#include "nat.h"
#include "nat_hop.h"
#include "pkt.h"

/* NATs the packet to tuple `t` and sends its frame to `dmac`; FASTLB_OK with *eth at the frame's
 * Ethernet header, else the reason to return. */
static __always_inline int transparent_rewrite(struct lb_pkt *p, const struct nat_tuple *t, const __u8 *dmac,
					       struct ethhdr **eth)
{
	int ret = nat_rewrite(p, t);

	if (ret != FASTLB_OK)
		return ret;
	*eth = p->pc.data;
	if ((void *)(*eth + 1) > p->pc.data_end)
		return FASTLB_R_DROP_MALFORMED;
	eth_addr_copy((*eth)->h_dest, dmac);
	return FASTLB_OK;
}

/* Sends a request to real `idx` as tuple `t`: its MAC from the config, else the neighbour table
 * (nat_hop.h; unresolved: the rewritten packet goes to the kernel). Inline it leaves by the inside
 * port. */
static __always_inline int transparent_forward(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t,
					       __u32 idx, const struct fastlb_real *real, __u64 now)
{
	const __u8 *dmac = real->mac;
	struct fastlb_hop *h;
	struct ethhdr *eth;
	int ret;

	if (!(real->flags & FASTLB_REAL_F_MAC)) {
		ret = hop_real(ctx, p, t, idx, real, now, &h);
		if (ret != FASTLB_OK)
			return ret;
		dmac = h->dmac;
	}
	ret = transparent_rewrite(p, t, dmac, &eth);
	if (ret != FASTLB_OK)
		return ret;
	if (pkt_inline(p)) {
		p->port = FASTLB_PORT_INSIDE;
		return FASTLB_R_REDIRECT_FORWARD;
	}
	eth_addr_copy(eth->h_source, p->topo->mac);
	return FASTLB_R_TX_FORWARD;
}

/* Sends a real's reply back as tuple `t` (from the VIP). Inline: MACs kept, a reply from the
 * inside port leaves by the outside one. One-arm: the client's next hop kept in `nat` (from the
 * FIB), no TTL change; unresolved, the rewritten packet goes to the kernel. */
static __always_inline int transparent_reply(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t,
					     struct fastlb_nat *nat)
{
	struct ethhdr *eth;
	int ret;

	if (pkt_inline(p)) {
		ret = nat_rewrite(p, t);
		if (ret != FASTLB_OK)
			return ret;
		if (pkt_from_inside(p)) {
			p->port = FASTLB_PORT_OUTSIDE;
			return FASTLB_R_REDIRECT_REPLY;
		}
		return FASTLB_R_TX_REPLY;
	}
	ret = hop_client(ctx, p, t, nat, clock_now_ns());
	if (ret != FASTLB_OK)
		return ret;
	ret = transparent_rewrite(p, t, nat->client_hop.dmac, &eth);
	if (ret != FASTLB_OK)
		return ret;
	eth_addr_copy(eth->h_source, nat->client_hop.smac);
	return FASTLB_R_TX_REPLY;
}

#endif /* FASTLB_MODE_TRANSPARENT_H */
