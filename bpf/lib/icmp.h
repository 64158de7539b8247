/* ICMP errors about NAT'd flows (IPv4 destination unreachable incl. fragmentation needed, time
 * exceeded; ICMPv6 destination unreachable, packet too big, time exceeded): the outer addresses,
 * the quoted header and ports and every checksum translated, and the error sent to the side
 * that owns the flow (L3 DSR: tunnelled to the flow's real unchanged). Errors about other flows, and other ICMP, are left alone (PASS_NOT_L4). */
#ifndef FASTLB_ICMP_H
#define FASTLB_ICMP_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#include <bpf/bpf_endian.h>

#include "abi.h"
#include "compiler.h"
#include "csum.h"
#include "eth.h"
#include "fib.h"
#include "flow.h"
#include "flowtab.h"
#include "maps.h"
#include "mode_routed.h"
#include "nat.h"
#include "pkt.h"
#include "scratch.h"
#include "reals.h"
#include "service.h"

/* Error types (<linux/icmp.h> drags in libc headers). */
#define ICMP_DEST_UNREACH 3
#define ICMP_TIME_EXCEEDED 11
#define ICMPV6_DEST_UNREACH 1
#define ICMPV6_PKT_TOOBIG 2
#define ICMPV6_TIME_EXCEED 3

/* Where the quoted packet sits and what it holds. */
struct icmp_quote {
	__u32 off;	    /* quoted IP header */
	__u32 l4;	    /* quoted TCP/UDP header */
	__u8 proto;	    /* its protocol */
	__u8 pad[3];
	struct nat_tuple t; /* its addresses and ports as quoted */
};

/* A translation: the new outer addresses and the new quoted tuple. */
struct icmp_xlat {
	struct nat_tuple outer; /* ports unused */
	struct nat_tuple quote;
};

/* The ICMP error step's per-CPU scratch (scratch.h); only this step uses it. */
struct icmp_scratch {
	struct icmp_quote q;
	struct icmp_xlat x;
	struct fastlb_flow_key k;
	struct fastlb_flow flow; /* the flow of an error about a request, as its slot held it */
	struct bpf_fib_lookup fib;
	__u32 encap_real; /* ICMP_ENCAP_PENDING: the flow's real; s->k is the flow */
	__u32 pad;
};

/* icmp_error's answer for an error about an L3 DSR flow: the caller tunnels it (icmp_encap.h),
 * outside this step's stack frame. */
#define ICMP_ENCAP_PENDING (-2)

SCRATCH_MAP(fastlb_icmp_scratch, struct icmp_scratch);

static __always_inline int icmp_is_error(__u8 type, int ipv6)
{
	if (ipv6)
		return type == ICMPV6_DEST_UNREACH || type == ICMPV6_PKT_TOOBIG || type == ICMPV6_TIME_EXCEED;
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED;
}

static __always_inline int icmp_addr_eq(const __be32 *a, const __be32 *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

/* Parses the error's quote: a TCP/UDP packet of the outer family, ports present. */
static __always_inline int icmp_parse(struct lb_pkt *p, struct icmp_quote *q)
{
	void *data = p->pc.data, *data_end = p->pc.data_end;
	int ipv6 = p->key.family == FASTLB_AF_INET6;
	__u32 l4_off = p->pc.l4_off;
	__be16 *ports;
	__u8 *icmp;

	if (l4_off > PKT_OFF_MAX)
		return FASTLB_R_PASS_NOT_L4;
	icmp = data + l4_off;
	if ((void *)(icmp + 8) > data_end || !icmp_is_error(icmp[0], ipv6))
		return FASTLB_R_PASS_NOT_L4;
	__builtin_memset(q, 0, sizeof(*q));
	q->off = l4_off + 8;
	if (ipv6) {
		struct ipv6hdr *qi = data + q->off;

		if ((void *)(qi + 1) > data_end || qi->version != 6)
			return FASTLB_R_PASS_NOT_L4;
		q->proto = qi->nexthdr;
		q->l4 = q->off + sizeof(*qi);
		__builtin_memcpy(q->t.src, &qi->saddr, 16);
		__builtin_memcpy(q->t.dst, &qi->daddr, 16);
	} else {
		struct iphdr *qi = data + q->off;

		if ((void *)(qi + 1) > data_end || qi->version != 4 || qi->ihl < 5)
			return FASTLB_R_PASS_NOT_L4;
		if (qi->frag_off & bpf_htons(0x1fff)) /* a later fragment quotes no ports */
			return FASTLB_R_PASS_NOT_L4;
		q->proto = qi->protocol;
		q->l4 = q->off + qi->ihl * 4;
		q->t.src[0] = qi->saddr;
		q->t.dst[0] = qi->daddr;
	}
	if (q->proto != IPPROTO_TCP && q->proto != IPPROTO_UDP)
		return FASTLB_R_PASS_NOT_L4;
	if (q->l4 > PKT_OFF_MAX)
		return FASTLB_R_PASS_NOT_L4;
	ports = data + q->l4;
	if ((void *)(ports + 2) > data_end)
		return FASTLB_R_PASS_NOT_L4;
	q->t.sport = ports[0];
	q->t.dport = ports[1];
	return FASTLB_OK;
}

/* The quoted TCP/UDP checksum, when quoted (a zero IPv4 UDP checksum stays zero); returns
 * the change for the ICMP checksum. */
static __always_inline __u32 icmp_quote_l4_csum(struct lb_pkt *p, const struct icmp_quote *q, __u32 diff, int ipv6)
{
	__u32 at = q->l4 + (q->proto == IPPROTO_UDP ? 6 : 16);
	__sum16 *check, old;

	if (at > PKT_OFF_MAX)
		return 0;
	check = p->pc.data + at;
	if ((void *)(check + 1) > p->pc.data_end)
		return 0;
	old = *check;
	csum_l4_apply(check, diff, q->proto, ipv6);
	return csum_diff16(old, *check);
}

/* Rewrites outer addresses, quoted addresses and ports, and every checksum. */
static __always_inline int icmp_rewrite(struct lb_pkt *p, const struct icmp_quote *q, const struct icmp_xlat *x)
{
	void *data = p->pc.data, *data_end = p->pc.data_end;
	int ipv6 = p->key.family == FASTLB_AF_INET6, words = ipv6 ? 4 : 1;
	__u32 outer_d, quote_d, ports_d, icmp_d, l3_off = p->pc.l3_off, l4_off = p->pc.l4_off;
	__u32 q_off = q->off, q_l4 = q->l4; /* bounded once, in registers */
	__sum16 *icmp_check;
	__be16 *ports;

	if (l3_off > PKT_OFF_MAX || l4_off > PKT_OFF_MAX || q_off > PKT_OFF_MAX || q_l4 > PKT_OFF_MAX)
		return FASTLB_R_DROP_MALFORMED;
	outer_d = csum_diff_addr(p->key.src, x->outer.src, words) + csum_diff_addr(p->key.dst, x->outer.dst, words);
	quote_d = csum_diff_addr(q->t.src, x->quote.src, words) + csum_diff_addr(q->t.dst, x->quote.dst, words);
	ports_d = csum_diff16(q->t.sport, x->quote.sport) + csum_diff16(q->t.dport, x->quote.dport);
	icmp_d = quote_d + ports_d;

	if (ipv6) {
		struct ipv6hdr *o = data + l3_off, *qi = data + q_off;

		if ((void *)(o + 1) > data_end || (void *)(qi + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		__builtin_memcpy(&o->saddr, x->outer.src, 16);
		__builtin_memcpy(&o->daddr, x->outer.dst, 16);
		__builtin_memcpy(&qi->saddr, x->quote.src, 16);
		__builtin_memcpy(&qi->daddr, x->quote.dst, 16);
		icmp_d += outer_d; /* the ICMPv6 pseudo-header */
	} else {
		struct iphdr *o = data + l3_off, *qi = data + q_off;
		__sum16 old;

		if ((void *)(o + 1) > data_end || (void *)(qi + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		o->saddr = x->outer.src[0];
		o->daddr = x->outer.dst[0];
		o->check = csum_apply(o->check, outer_d);
		old = qi->check;
		qi->saddr = x->quote.src[0];
		qi->daddr = x->quote.dst[0];
		qi->check = csum_apply(old, quote_d);
		icmp_d += csum_diff16(old, qi->check);
	}
	ports = data + q_l4;
	if ((void *)(ports + 2) > data_end)
		return FASTLB_R_DROP_MALFORMED;
	ports[0] = x->quote.sport;
	ports[1] = x->quote.dport;
	icmp_d += icmp_quote_l4_csum(p, q, quote_d + ports_d, ipv6);

	icmp_check = data + l4_off + 2;
	if ((void *)(icmp_check + 1) > data_end)
		return FASTLB_R_DROP_MALFORMED;
	*icmp_check = csum_apply(*icmp_check, icmp_d);
	return FASTLB_OK;
}

/* Routed: rewritten, TTL - 1, next hop from the FIB toward x->outer.dst. */
static __always_inline int icmp_send_routed(struct lb_pkt *p, const struct icmp_quote *q, const struct icmp_xlat *x,
					    struct bpf_fib_lookup *fib)
{
	int rc, reason, ret;

	if (routed_ttl(p) <= 1)
		return FASTLB_R_DROP_TTL;
	rc = fib_lookup_tuple(p, &x->outer, fib);
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH) {
		ret = icmp_rewrite(p, q, x);
		return ret == FASTLB_OK ? FASTLB_R_PASS_NO_NEIGH : ret;
	}
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return FASTLB_R_DROP_NO_ROUTE;
	reason = fib_egress(p, fib->ifindex, FASTLB_R_TX_ICMP_ERROR, FASTLB_R_REDIRECT_ICMP_ERROR);
	if (reason == FASTLB_R_DROP_NO_ROUTE)
		return reason;
	ret = icmp_rewrite(p, q, x);
	if (ret != FASTLB_OK)
		return ret;
	ret = routed_hop(p, fib);
	return ret == FASTLB_OK ? reason : ret;
}

/* An error about a request FastLb forwarded (it quotes client-or-SNAT -> real): to the client,
 * the quote turned back into client -> VIP; the real's own address as outer source becomes
 * the VIP. */
static __always_inline int icmp_to_client(struct lb_pkt *p, struct icmp_scratch *s, const struct fastlb_nat *nat)
{
	const struct icmp_quote *q = &s->q;
	struct icmp_xlat *x = &s->x;
	int ret;

	__builtin_memcpy(x->outer.src, icmp_addr_eq(p->key.src, q->t.dst) ? nat->vip : p->key.src, 16);
	__builtin_memcpy(x->outer.dst, nat->client, 16);
	__builtin_memcpy(x->quote.src, nat->client, 16);
	__builtin_memcpy(x->quote.dst, nat->vip, 16);
	x->quote.sport = nat->client_port;
	x->quote.dport = nat->vip_port;
	if (nat->mode == FASTLB_MODE_ROUTED)
		return icmp_send_routed(p, q, x, &s->fib);
	ret = icmp_rewrite(p, q, x);
	if (ret != FASTLB_OK)
		return ret;
	if (pkt_from_inside(p)) {
		p->port = FASTLB_PORT_OUTSIDE;
		return FASTLB_R_REDIRECT_ICMP_ERROR;
	}
	return FASTLB_R_TX_ICMP_ERROR;
}

/* An error about a reply (it quotes VIP -> client, sent to the VIP): to the real, the quote
 * turned into real -> client-or-SNAT as the real sent it. */
static __always_inline int icmp_to_real(struct lb_pkt *p, struct icmp_scratch *s, const struct fastlb_flow *flow)
{
	const struct icmp_quote *q = &s->q;
	const struct fastlb_flow_key *k = &s->k;
	struct icmp_xlat *x = &s->x;
	struct fastlb_service *svc;
	struct fastlb_real *real;
	struct ethhdr *eth;
	int snat, ret;

	svc = svc_lookup(k);
	if (!svc || svc->mode == FASTLB_MODE_DSR_L2 || flow->service != svc->id)
		return FASTLB_R_PASS_NOT_L4;
	real = real_up(flow->real);
	if (!real || real->service != svc->id)
		return FASTLB_R_PASS_NOT_L4;
	if (svc->mode >= FASTLB_MODE_DSR_IPIP) { /* L3 DSR: tunnelled unchanged, by icmp_encap.h */
		s->encap_real = flow->real;
		return ICMP_ENCAP_PENDING;
	}
	snat = svc->flags & FASTLB_SVC_F_SNAT;
	__builtin_memcpy(x->outer.src, snat ? svc->snat_addr : p->key.src, 16);
	__builtin_memcpy(x->outer.dst, real->addr, 16);
	__builtin_memcpy(x->quote.src, real->addr, 16);
	x->quote.sport = real->port;
	__builtin_memcpy(x->quote.dst, snat ? svc->snat_addr : k->src, 16);
	x->quote.dport = snat ? flow->snat_port : k->sport;
	if (svc->mode == FASTLB_MODE_ROUTED)
		return icmp_send_routed(p, q, x, &s->fib);
	if (!(real->flags & FASTLB_REAL_F_MAC))
		return FASTLB_R_PASS_NOT_L4; /* the kernel's neighbour table is not consulted for errors */
	ret = icmp_rewrite(p, q, x);
	if (ret != FASTLB_OK)
		return ret;
	eth = p->pc.data;
	if ((void *)(eth + 1) > p->pc.data_end)
		return FASTLB_R_DROP_MALFORMED;
	eth_addr_copy(eth->h_dest, real->mac);
	if (pkt_inline(p)) {
		p->port = FASTLB_PORT_INSIDE;
		return FASTLB_R_REDIRECT_ICMP_ERROR;
	}
	return FASTLB_R_TX_ICMP_ERROR;
}

/* Translates an ICMP error about a NAT'd flow, or leaves it (PASS_NOT_L4). */
static __noinline int icmp_error(struct xdp_md *ctx, struct lb_pkt *p)
{
	struct icmp_scratch *s;
	struct fastlb_nat *nat;
	struct fastlb_flow_slot *slot;
	__u32 zero = 0, hash, where;
	__u64 word = 0;

	pkt_reload(ctx, p);
	s = bpf_map_lookup_elem(&fastlb_icmp_scratch, &zero);
	if (!s)
		return FASTLB_R_PASS_NOT_L4;
	if (icmp_parse(p, &s->q) != FASTLB_OK)
		return FASTLB_R_PASS_NOT_L4;
	__builtin_memset(&s->x, 0, sizeof(s->x));
	/* The quote turned round: a reply's key (the NAT table) or a request's (the connection table). */
	__builtin_memset(&s->k, 0, sizeof(s->k));
	__builtin_memcpy(s->k.src, s->q.t.dst, 16);
	__builtin_memcpy(s->k.dst, s->q.t.src, 16);
	s->k.sport = s->q.t.dport;
	s->k.dport = s->q.t.sport;
	s->k.proto = s->q.proto;
	s->k.family = p->key.family;
	nat = nat_lookup(&s->k);
	if (nat)
		return icmp_to_client(p, s, nat);
	hash = flow_hash(&s->k);
	where = flowtab_find(&s->k, hash, &word);
	slot = where == FLOWTAB_PICK_NONE ? NULL : flowtab_slot(hash, where);
	if (slot) {
		s->flow = slot->flow;
		if (flowtab_stable(slot, word))
			return icmp_to_real(p, s, &s->flow);
	}
	return FASTLB_R_PASS_NOT_L4;
}

#endif /* FASTLB_ICMP_H */
