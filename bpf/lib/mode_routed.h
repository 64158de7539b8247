/* Routed mode: the packet is NAT'd and routed like a router would, TTL - 1 and both MACs
 * from the FIB (kept per real and per flow, nat_hop.h). Requests go to a real, replies back to
 * the client. */
#ifndef FASTLB_MODE_ROUTED_H
#define FASTLB_MODE_ROUTED_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#include "abi.h"
#include "compiler.h"
#include "eth.h"
#include "fib.h"
#include "ipv4.h"
#include "ipv6.h"
#include "nat.h"
#include "nat_hop.h"
#include "pkt.h"

/* The TTL / hop limit of the packet, or 0 when the header cannot be read. */
static __always_inline __u8 routed_ttl(struct lb_pkt *p)
{
	__u32 off = p->pc.l3_off;

	if (off > PKT_OFF_MAX)
		return 0;
	if (p->key.family == FASTLB_AF_INET6) {
		struct ipv6hdr *ip6 = p->pc.data + off;

		if ((void *)(ip6 + 1) > p->pc.data_end)
			return 0;
		return ip6->hop_limit;
	} else {
		struct iphdr *iph = p->pc.data + off;

		if ((void *)(iph + 1) > p->pc.data_end)
			return 0;
		return iph->ttl;
	}
}

/* TTL - 1 and the next hop's MACs on a rewritten packet. */
static __always_inline int routed_hop(struct lb_pkt *p, const struct bpf_fib_lookup *fib)
{
	struct ethhdr *eth = p->pc.data;
	__u32 off = p->pc.l3_off;

	if ((void *)(eth + 1) > p->pc.data_end || off > PKT_OFF_MAX)
		return FASTLB_R_DROP_MALFORMED;
	if (p->key.family == FASTLB_AF_INET6) {
		struct ipv6hdr *ip6 = p->pc.data + off;

		if ((void *)(ip6 + 1) > p->pc.data_end)
			return FASTLB_R_DROP_MALFORMED;
		ip6_hop_dec(ip6);
	} else {
		struct iphdr *iph = p->pc.data + off;

		if ((void *)(iph + 1) > p->pc.data_end)
			return FASTLB_R_DROP_MALFORMED;
		ip4_ttl_dec(iph);
	}
	eth_addr_copy(eth->h_dest, fib->dmac);
	eth_addr_copy(eth->h_source, fib->smac);
	return FASTLB_OK;
}

/* Sends the packet, NAT'd to `t`, by next hop `h`: TTL - 1 folded into the rewrite's checksum
 * update, both MACs from the hop. `tx` / `redirect` are the reasons of the two ways out (forward
 * or reply); an egress FastLb does not serve drops the packet unchanged. */
static __always_inline int routed_out(struct lb_pkt *p, const struct nat_tuple *t, const struct fastlb_hop *h, int tx,
				      int redirect)
{
	struct ethhdr *eth;
	int reason, ret;

	reason = fib_egress(p, h->ifindex, tx, redirect);
	if (reason == FASTLB_R_DROP_NO_ROUTE)
		return reason;
	ret = nat_rewrite_ttl(p, t, 1);
	if (ret != FASTLB_OK)
		return ret;
	eth = p->pc.data;
	if ((void *)(eth + 1) > p->pc.data_end)
		return FASTLB_R_DROP_MALFORMED;
	eth_addr_copy(eth->h_dest, h->dmac);
	eth_addr_copy(eth->h_source, h->smac);
	return reason;
}

/* Routes a request to real `idx` as tuple `t`. An unresolved next hop leaves the rewritten packet
 * to the kernel, TTL untouched (the kernel's forwarding decrements it); a packet that cannot be
 * routed is dropped unchanged. */
static __always_inline int routed_forward(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t, __u32 idx,
					  const struct fastlb_real *real, __u64 now)
{
	struct fastlb_hop *h;
	int ret;

	if (routed_ttl(p) <= 1)
		return FASTLB_R_DROP_TTL;
	ret = hop_real(ctx, p, t, idx, real, now, &h);
	if (ret != FASTLB_OK)
		return ret;
	return routed_out(p, t, h, FASTLB_R_TX_FORWARD, FASTLB_R_REDIRECT_FORWARD);
}

/* Routes a real's reply back as tuple `t` (from the VIP) by the client's next hop kept in `nat`;
 * otherwise as routed_forward. */
static __always_inline int routed_reply(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t,
					struct fastlb_nat *nat, __u64 now)
{
	int ret;

	if (routed_ttl(p) <= 1)
		return FASTLB_R_DROP_TTL;
	ret = hop_client(ctx, p, t, nat, now);
	if (ret != FASTLB_OK)
		return ret;
	return routed_out(p, t, &nat->client_hop, FASTLB_R_TX_REPLY, FASTLB_R_REDIRECT_REPLY);
}

#endif /* FASTLB_MODE_ROUTED_H */
