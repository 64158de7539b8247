/* The NAT modes' next hops, kept so an established flow's packet costs no FIB lookup: toward a
 * real, per real and per CPU (fastlb_real_hops); back to a client, in the flow's reverse entry
 * (struct fastlb_nat.client_hop). Each is what bpf_fib_lookup answered, reused while younger than
 * FASTLB_NAT_HOP_REFRESH_NS and only for a packet that came in by the same interface and fits the
 * route's MTU; a route or neighbour change (a real's or gateway's new MAC) is used within that
 * period. Unresolved neighbours and failed lookups are never kept: those packets take the FIB's
 * path every time (PASS_NO_NEIGH, DROP_NO_ROUTE). A reverse entry's hop is rewritten in place
 * (an LRU update could evict another flow): a reply of the same flow on another CPU in that
 * instant may mix the old and new hop, once a period at most. */
#ifndef FASTLB_NAT_HOP_H
#define FASTLB_NAT_HOP_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "eth.h"
#include "fib.h"
#include "nat.h"
#include "pkt.h"

#ifndef FASTLB_NAT_HOP_REFRESH_NS
#define FASTLB_NAT_HOP_REFRESH_NS 1000000000ull
#endif

/* Real index -> its next hop, per CPU (no locks, no sharing). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, struct fastlb_real_hop);
} fastlb_real_hops SEC(".maps");

/* True when `h` may carry this packet now: resolved within the period, for the same ingress, and
 * the packet no longer than the MTU the lookup checked. */
static __always_inline int hop_fresh(const struct fastlb_hop *h, const struct lb_pkt *p, __u64 now)
{
	return h->resolved_ns != 0 && now - h->resolved_ns <= FASTLB_NAT_HOP_REFRESH_NS && h->ingress == p->ingress &&
	       p->pc.l3_end - p->pc.l3_off <= h->mtu;
}

/* Looks up the next hop of the packet as NAT'd to `t` and keeps it in *h. FASTLB_OK, else the
 * reason fib_nat_hop gives (an unresolved neighbour: packet rewritten, PASS_NO_NEIGH). Out of
 * line: it runs once a refresh period, and its lookup struct stays off the hot path's stack. */
static __noinline int hop_resolve(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t, struct fastlb_hop *h,
				  __u64 now)
{
	struct bpf_fib_lookup fib;
	int ret;

	pkt_reload(ctx, p);
	ret = fib_nat_hop(p, t, &fib);
	if (ret != FASTLB_OK)
		return ret;
	h->ifindex = fib.ifindex;
	h->ingress = p->ingress;
	eth_addr_copy(h->dmac, fib.dmac);
	eth_addr_copy(h->smac, fib.smac);
	/* IPv4 lookups carry the length and the kernel answers with the MTU it checked; IPv6 ones
	 * carry none (no check): any length goes. */
	h->mtu = p->key.family == FASTLB_AF_INET6 ? 0xffff : fib.mtu_result;
	h->resolved_ns = now;
	return FASTLB_OK;
}

/* The next hop toward `real` (index `idx`) for the packet NAT'd to `t`: *hop points to it on
 * FASTLB_OK, else the reason to return. Resolved afresh when stale or kept for another address
 * (an index reused on a reload). */
static __always_inline int hop_real(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t, __u32 idx,
				    const struct fastlb_real *real, __u64 now, struct fastlb_hop **hop)
{
	struct fastlb_real_hop *rh = bpf_map_lookup_elem(&fastlb_real_hops, &idx);
	int ret;

	if (!rh)
		return FASTLB_R_DROP_MALFORMED;
	if (unlikely(!hop_fresh(&rh->hop, p, now) || rh->addr[0] != real->addr[0] || rh->addr[1] != real->addr[1] ||
		     rh->addr[2] != real->addr[2] || rh->addr[3] != real->addr[3])) {
		rh->hop.resolved_ns = 0;
		__builtin_memcpy(rh->addr, real->addr, sizeof(rh->addr));
		ret = hop_resolve(ctx, p, t, &rh->hop, now);
		pkt_reload(ctx, p);
		if (ret != FASTLB_OK)
			return ret;
	}
	*hop = &rh->hop;
	return FASTLB_OK;
}

/* The next hop back to the client of reverse entry `nat` for the reply NAT'd to `t`; as hop_real. */
static __always_inline int hop_client(struct xdp_md *ctx, struct lb_pkt *p, const struct nat_tuple *t,
				      struct fastlb_nat *nat, __u64 now)
{
	int ret;

	if (likely(hop_fresh(&nat->client_hop, p, now)))
		return FASTLB_OK;
	ret = hop_resolve(ctx, p, t, &nat->client_hop, now);
	pkt_reload(ctx, p);
	return ret;
}

#endif /* FASTLB_NAT_HOP_H */
