/* L3 DSR (dsr-ipip, dsr-gue): the packet, unchanged, is tunnelled to its real, whose
 * decapsulator hands it to a stack holding the VIP; the real answers the client directly.
 * The outer next hop comes from the FIB; a packet that would not fit the egress MTU once
 * encapsulated is answered with an ICMP error (icmp_mtu.h). */
#ifndef FASTLB_MODE_ENCAP_H
#define FASTLB_MODE_ENCAP_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "encap.h"
#include "eth.h"
#include "fib.h"
#include "icmp_mtu.h"
#include "pkt.h"

/* The inner TOS / traffic class. */
static __always_inline int encap_inner_tos(struct lb_pkt *p, __u8 *tos)
{
	__u32 off = p->pc.l3_off;

	if (off > PKT_OFF_MAX)
		return FASTLB_R_DROP_MALFORMED;
	if (p->key.family == FASTLB_AF_INET6) {
		__u8 *b = p->pc.data + off;

		if ((void *)(b + 2) > p->pc.data_end)
			return FASTLB_R_DROP_MALFORMED;
		*tos = (__u8)((b[0] << 4) | (b[1] >> 4));
	} else {
		struct iphdr *iph = p->pc.data + off;

		if ((void *)(iph + 1) > p->pc.data_end)
			return FASTLB_R_DROP_MALFORMED;
		*tos = iph->tos;
	}
	return FASTLB_OK;
}

/* Route of the outer packet: from the outer source to the real, as long as it will be. */
static __always_inline int encap_fib(struct lb_pkt *p, const struct encap_plan *e, int ipv6, int gue,
				     struct bpf_fib_lookup *fib)
{
	__builtin_memset(fib, 0, sizeof(*fib));
	fib->ifindex = p->ingress;
	fib->l4_protocol = gue ? IPPROTO_UDP : (ipv6 ? IPPROTO_IPV6 : IPPROTO_IPIP);
	fib->sport = gue ? e->sport : 0;
	fib->dport = gue ? e->dport : 0;
	fib->tot_len = (__u16)(e->inner_len + encap_overhead(ipv6, gue));
	if (ipv6) {
		fib->family = FASTLB_AF_INET6;
		__builtin_memcpy(fib->ipv6_src, e->src, 16);
		__builtin_memcpy(fib->ipv6_dst, e->dst, 16);
	} else {
		fib->family = FASTLB_AF_INET;
		fib->ipv4_src = e->src[0];
		fib->ipv4_dst = e->dst[0];
	}
	return bpf_fib_lookup(p->ctx, fib, sizeof(*fib), 0);
}

/* Tunnels the packet to `real` of `svc`: a request, or an ICMP error about one of its flows (a
 * packet whose key has no protocol: flow_extract stopped at the ICMP header); `hash` is the
 * flow's. The next hop unresolved: the whole tunnel packet goes to the kernel, which forwards it
 * as FastLb would have and resolves the neighbour. */
static __noinline int encap_send(struct xdp_md *ctx, struct lb_pkt *p, const struct fastlb_service *svc,
				 const struct fastlb_real *real, __u32 hash)
{
	int ipv6 = p->key.family == FASTLB_AF_INET6, gue = svc->mode == FASTLB_MODE_DSR_GUE;
	int error = p->key.proto == 0;
	int tx = error ? FASTLB_R_TX_ICMP_ERROR : FASTLB_R_TX_FORWARD;
	int redirect = error ? FASTLB_R_REDIRECT_ICMP_ERROR : FASTLB_R_REDIRECT_FORWARD;
	struct encap_scratch *s;
	struct fastlb_encap *enc;
	struct encap_plan *e;
	struct ethhdr *eth;
	int rc, reason, ret;
	__u32 id = svc->id, zero = 0;

	pkt_reload(ctx, p);
	enc = bpf_map_lookup_elem(&fastlb_encap, &id);
	if (!enc || enc->family != p->key.family || real->family != p->key.family)
		return FASTLB_R_DROP_BAD_SERVICE;
	s = bpf_map_lookup_elem(&fastlb_encap_scratch, &zero);
	if (!s)
		return FASTLB_R_DROP_MALFORMED;
	e = &s->e;
	__builtin_memset(e, 0, sizeof(*e));
	encap_source(enc, hash, e->src);
	__builtin_memcpy(e->dst, real->addr, 16);
	e->inner_len = p->pc.l3_end - p->pc.l3_off;
	e->flow_label = bpf_htonl(hash & ENCAP_FLOW_LABEL_MASK);
	e->sport = bpf_htons(ENCAP_GUE_SPORT_BASE + (hash & ENCAP_GUE_SPORT_MASK));
	e->dport = enc->gue_port;
	ret = encap_inner_tos(p, &e->tos);
	if (ret != FASTLB_OK)
		return ret;
	if (ipv6 && gue) {
		ret = encap_inner_sum6(p, s, &e->inner_sum);
		if (ret != FASTLB_OK)
			return ret;
	}

	rc = encap_fib(p, e, ipv6, gue, &s->fib);
	if (rc == BPF_FIB_LKUP_RET_FRAG_NEEDED) {
		if (error)
			return FASTLB_R_DROP_TOO_BIG; /* no error about an error */
		return icmp_too_big(ctx, p, s->fib.mtu_result, encap_overhead(ipv6, gue));
	}
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH) {
		reason = FASTLB_R_PASS_NO_NEIGH;
	} else if (rc == BPF_FIB_LKUP_RET_SUCCESS) {
		reason = fib_egress(p, s->fib.ifindex, tx, redirect);
		if (reason == FASTLB_R_DROP_NO_ROUTE)
			return reason;
	} else {
		return FASTLB_R_DROP_NO_ROUTE;
	}
	ret = encap_push(ctx, p, e, ipv6, gue);
	if (ret != FASTLB_OK)
		return ret;
	if (reason == FASTLB_R_PASS_NO_NEIGH)
		return reason;
	pkt_reload(ctx, p);
	eth = p->pc.data;
	if ((void *)(eth + 1) > p->pc.data_end)
		return FASTLB_R_DROP_MALFORMED;
	eth_addr_copy(eth->h_dest, s->fib.dmac);
	eth_addr_copy(eth->h_source, s->fib.smac);
	return reason;
}

#endif /* FASTLB_MODE_ENCAP_H */
