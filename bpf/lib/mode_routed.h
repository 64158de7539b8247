/* Routed mode: the packet is NAT'd and routed like a router would, TTL - 1 and both MACs
 * from the FIB. The same step sends requests to a real and replies back to the client. */
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

/* Rewrites the packet to `t` and routes it. `tx` / `redirect` are the reasons of the two ways
 * out (forward or reply). An unresolved next hop leaves the rewritten packet to the kernel,
 * TTL untouched (the kernel's forwarding decrements it); a packet that cannot be routed is
 * dropped unchanged. */
static __noinline int routed_send(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t, int tx, int redirect)
{
	struct bpf_fib_lookup fib;
	int reason, ret;

	pkt_reload(ctx, p);
	if (routed_ttl(p) <= 1)
		return FASTLB_R_DROP_TTL;
	ret = fib_nat_hop(p, t, &fib);
	if (ret != FASTLB_OK)
		return ret;
	reason = fib_egress(p, fib.ifindex, tx, redirect);
	if (reason == FASTLB_R_DROP_NO_ROUTE)
		return reason;
	ret = nat_rewrite(p, t);
	if (ret != FASTLB_OK)
		return ret;
	ret = routed_hop(p, &fib);
	return ret == FASTLB_OK ? reason : ret;
}

#endif /* FASTLB_MODE_ROUTED_H */
