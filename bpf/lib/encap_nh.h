/* The tunnels' next hops, per real and per CPU: what bpf_fib_lookup answered (egress interface,
 * MACs, the path MTU) for the real's address, reused for FASTLB_ENCAP_NH_REFRESH_NS so an
 * established flow's packet costs no FIB lookup. A route, neighbour or MTU change reaches the
 * tunnels within that period; a real whose address changed (an index reused on a reload) is
 * looked up afresh. Unresolved neighbours and failed lookups are never cached. */
#ifndef FASTLB_ENCAP_NH_H
#define FASTLB_ENCAP_NH_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"

#ifndef FASTLB_ENCAP_NH_REFRESH_NS
#define FASTLB_ENCAP_NH_REFRESH_NS 1000000000ull
#endif

struct encap_nh {
	__be32 dst[4];	    /* the real's address this was resolved for */
	__u64 resolved_ns;  /* clock_now_ns() (clock.h) of the lookup; 0: empty */
	__u32 ifindex;	    /* egress interface */
	__u32 mtu;	    /* the route's MTU toward the real */
	__u8 smac[6];
	__u8 dmac[6];
	__u32 pad;
};

/* Real index -> its tunnel's next hop, per CPU (no locks, no sharing). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, struct encap_nh);
} fastlb_encap_nh SEC(".maps");

/* The cached next hop of real `idx` at `dst`, or NULL when absent, stale or for another address. */
static __always_inline struct encap_nh *encap_nh_get(__u32 idx, const __be32 *dst, __u64 now)
{
	struct encap_nh *nh = bpf_map_lookup_elem(&fastlb_encap_nh, &idx);

	if (!nh || !nh->resolved_ns || now - nh->resolved_ns > FASTLB_ENCAP_NH_REFRESH_NS)
		return NULL;
	if (nh->dst[0] != dst[0] || nh->dst[1] != dst[1] || nh->dst[2] != dst[2] || nh->dst[3] != dst[3])
		return NULL;
	return nh;
}

#endif /* FASTLB_ENCAP_NH_H */
