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
#include "encap_nh.h"
#include "eth.h"
#include "fib.h"
#include "icmp_mtu.h"
#include "pkt.h"
#include "reals.h"

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

/* Route of the outer packet: from the outer source to the real, `tot_len` long (the FIB
 * answers FRAG_NEEDED with the MTU when it would not fit). */
static __always_inline int encap_fib(struct lb_pkt *p, const struct encap_plan *e, int ipv6, int gue,
				     struct bpf_fib_lookup *fib, __u16 tot_len)
{
	__builtin_memset(fib, 0, sizeof(*fib));
	fib->ifindex = p->ingress;
	fib->l4_protocol = gue ? IPPROTO_UDP : (ipv6 ? IPPROTO_IPV6 : IPPROTO_IPIP);
	fib->sport = gue ? e->sport : 0;
	fib->dport = gue ? e->dport : 0;
	fib->tot_len = tot_len;
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

/* Resolves the next hop of real `idx` at `dst` with the FIB into s->nh (its template built first,
 * so an unresolved one can still be pushed) and the per-CPU cache: egress and MACs from a lookup
 * of this flow's outer packet at its length, then the path MTU from one at the largest length.
 * Returns the first lookup's BPF_FIB_LKUP_RET_* (FRAG_NEEDED: s->fib.mtu_result holds the MTU). */
static __always_inline int encap_resolve(struct lb_pkt *p, struct encap_scratch *s, const struct fastlb_encap *enc,
					 const __be32 *dst, __u32 hash, int ipv6, int gue, __u32 idx, __u64 now)
{
	struct encap_plan *e = &s->e;
	struct encap_nh *cached;
	__u16 len = (__u16)(p->pc.l3_end - p->pc.l3_off + encap_overhead(ipv6, gue));
	int rc;

	encap_tmpl_build(&s->nh, enc, dst, ipv6, gue);
	encap_source(enc, hash, e->src);
	__builtin_memcpy(e->dst, dst, 16);
	e->sport = encap_gue_sport(hash);
	e->dport = enc->gue_port;
	rc = encap_fib(p, e, ipv6, gue, &s->fib, len);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return rc;
	s->nh.ifindex = s->fib.ifindex;
	__builtin_memcpy(s->nh.mac, s->fib.dmac, 6);
	__builtin_memcpy(s->nh.mac + 6, s->fib.smac, 6);
	s->nh.mtu = 0xffff;
	if (encap_fib(p, e, ipv6, gue, &s->fib, 0xffff) == BPF_FIB_LKUP_RET_FRAG_NEEDED)
		s->nh.mtu = s->fib.mtu_result;
	s->nh.resolved_ns = now;
	cached = bpf_map_lookup_elem(&fastlb_encap_nh, &idx);
	if (cached)
		__builtin_memcpy(cached, &s->nh, sizeof(*cached));
	return rc;
}

/* What the packet brings to its outer headers: encap_push's flags (the inner TOS among them)
 * and, for IPv6 GUE, the inner datagram's sum in *inner_sum. FASTLB_OK, else the reason. */
static __always_inline int encap_inner(struct lb_pkt *p, int ipv6, int gue, __u32 *flags, __u32 *inner_sum)
{
	struct encap_scratch *s;
	__u32 zero = 0;
	int ret;
	__u8 tos;

	ret = encap_inner_tos(p, &tos);
	if (ret != FASTLB_OK)
		return ret;
	*flags = (ipv6 ? ENCAP_F_IPV6 : 0) | (gue ? ENCAP_F_GUE : 0) | ((__u32)tos << ENCAP_F_TOS_SHIFT);
	*inner_sum = 0;
	if (!(ipv6 && gue))
		return FASTLB_OK;
	s = bpf_map_lookup_elem(&fastlb_encap_scratch, &zero);
	if (!s)
		return FASTLB_R_DROP_MALFORMED;
	return encap_inner_sum6(p, s, inner_sum);
}

/* Sends the packet through the tunnel of next hop `nh`: too big for its MTU, an ICMP error
 * to the client (none for an error); else the outer headers and the reason for the egress. An
 * unresolved next hop (ENCAP_F_KEEP_MAC) goes to the kernel, which checks the MTU itself. */
static __always_inline int encap_out(struct lb_pkt *p, const struct encap_nh *nh, __u32 hash, __u32 inner_sum,
				     __u32 flags)
{
	int ipv6 = flags & ENCAP_F_IPV6, gue = flags & ENCAP_F_GUE, error = p->key.proto == 0, reason, ret;
	__u32 overhead = encap_overhead(ipv6, gue);

	if (flags & ENCAP_F_KEEP_MAC) {
		reason = FASTLB_R_PASS_NO_NEIGH;
	} else {
		if (p->pc.l3_end - p->pc.l3_off + overhead > nh->mtu) {
			if (error)
				return FASTLB_R_DROP_TOO_BIG; /* no error about an error */
			return icmp_too_big(p->ctx, p, nh->mtu, overhead);
		}
		reason = error ? fib_egress(p, nh->ifindex, FASTLB_R_TX_ICMP_ERROR, FASTLB_R_REDIRECT_ICMP_ERROR)
			       : fib_egress(p, nh->ifindex, FASTLB_R_TX_FORWARD, FASTLB_R_REDIRECT_FORWARD);
		if (reason == FASTLB_R_DROP_NO_ROUTE)
			return reason;
	}
	ret = encap_push(p, nh, hash, inner_sum, flags);
	return ret == FASTLB_OK ? reason : ret;
}

/* Tunnels the packet to real `idx` of `svc`: a request, or an ICMP error about one of its flows
 * (a packet whose key has no protocol: flow_extract stopped at the ICMP header); `hash` is the
 * flow's, `now` the caller's clock_now_ns() (one clock read per packet). The next hop and the
 * outer headers come from the per-CPU cache (encap_nh.h), else from the FIB. Unresolved: the
 * whole tunnel packet goes to the kernel, which forwards it as FastLb would have and resolves the
 * neighbour. */
static __noinline int encap_send(struct lb_pkt *p, const struct fastlb_service *svc, __u32 idx, __u32 hash,
				 __u64 now)
{
	int ipv6 = p->key.family == FASTLB_AF_INET6, gue = svc->mode == FASTLB_MODE_DSR_GUE;
	__u32 id = svc->id, zero = 0, inner_sum, flags;
	struct encap_scratch *s;
	struct fastlb_real *real;
	struct fastlb_encap *enc;
	struct encap_nh *nh;
	int rc, ret;

	pkt_reload(p->ctx, p);
	real = real_at(idx);
	enc = bpf_map_lookup_elem(&fastlb_encap, &id);
	if (!real || !enc || enc->family != p->key.family || real->family != p->key.family)
		return FASTLB_R_DROP_BAD_SERVICE;
	ret = encap_inner(p, ipv6, gue, &flags, &inner_sum);
	if (ret != FASTLB_OK)
		return ret;
	nh = encap_nh_get(idx, real->addr, enc, gue, now);
	if (!nh) {
		s = bpf_map_lookup_elem(&fastlb_encap_scratch, &zero);
		if (!s)
			return FASTLB_R_DROP_MALFORMED;
		rc = encap_resolve(p, s, enc, real->addr, hash, ipv6, gue, idx, now);
		if (rc == BPF_FIB_LKUP_RET_FRAG_NEEDED)
			s->nh.mtu = s->fib.mtu_result;
		else if (rc == BPF_FIB_LKUP_RET_NO_NEIGH)
			flags |= ENCAP_F_KEEP_MAC;
		else if (rc != BPF_FIB_LKUP_RET_SUCCESS)
			return FASTLB_R_DROP_NO_ROUTE;
		nh = &s->nh;
	}
	return encap_out(p, nh, hash, inner_sum, flags);
}

#endif /* FASTLB_MODE_ENCAP_H */
