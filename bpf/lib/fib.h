/* Next hops from the kernel's FIB (bpf_fib_lookup) and which port a routed packet leaves by. */
#ifndef FASTLB_FIB_H
#define FASTLB_FIB_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "nat.h"
#include "pkt.h"

/* Looks up the route of a packet carrying tuple `t`, as if it arrived where it did. Returns
 * BPF_FIB_LKUP_RET_*; on success fib->ifindex, smac and dmac hold the next hop. */
static __always_inline int fib_lookup_tuple(struct lb_pkt *p, const struct nat_tuple *t,
					    struct bpf_fib_lookup *fib)
{
	__builtin_memset(fib, 0, sizeof(*fib));
	fib->ifindex = p->ingress;
	fib->l4_protocol = p->key.proto;
	fib->sport = t->sport;
	fib->dport = t->dport;
	if (p->key.family == FASTLB_AF_INET6) {
		fib->family = FASTLB_AF_INET6;
		__builtin_memcpy(fib->ipv6_src, t->src, 16);
		__builtin_memcpy(fib->ipv6_dst, t->dst, 16);
	} else {
		fib->family = FASTLB_AF_INET;
		fib->tot_len = (__u16)(p->pc.l3_end - p->pc.l3_off);
		fib->ipv4_src = t->src[0];
		fib->ipv4_dst = t->dst[0];
	}
	return bpf_fib_lookup(p->ctx, fib, sizeof(*fib), 0);
}

/* The next hop of a packet to be NAT'd to tuple `t`: FASTLB_OK with it in *fib, else the reason
 * to return. An unresolved neighbour still gets the rewrite, so the kernel can resolve it and
 * send the packet on (PASS_NO_NEIGH); no route drops. */
static __always_inline int fib_nat_hop(struct lb_pkt *p, const struct nat_tuple *t, struct bpf_fib_lookup *fib)
{
	int rc = fib_lookup_tuple(p, t, fib);
	int ret;

	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH) {
		ret = nat_rewrite(p, t);
		return ret == FASTLB_OK ? FASTLB_R_PASS_NO_NEIGH : ret;
	}
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return FASTLB_R_DROP_NO_ROUTE;
	return FASTLB_OK;
}

/* The reason for a packet routed out of `ifindex`: `tx` when that is where it came in, else
 * `redirect` with p->port set to the port of that interface; DROP_NO_ROUTE for an interface
 * FastLb does not serve. */
static __always_inline int fib_egress(struct lb_pkt *p, __u32 ifindex, int tx, int redirect)
{
	if (ifindex == p->ingress)
		return tx;
	if (p->topo->inside_ifindex != 0 && ifindex == p->topo->inside_ifindex) {
		p->port = FASTLB_PORT_INSIDE;
		return redirect;
	}
	if (ifindex == p->topo->ifindex) {
		p->port = FASTLB_PORT_OUTSIDE;
		return redirect;
	}
	return FASTLB_R_DROP_NO_ROUTE;
}

#endif /* FASTLB_FIB_H */
