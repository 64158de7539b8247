/* The tunnels' next hops, per real and per CPU: what bpf_fib_lookup answered (egress interface,
 * MACs, the path MTU) for the real's address, with the outer headers built from it and the
 * service's fastlb_encap, reused for FASTLB_ENCAP_NH_REFRESH_NS so an established flow's packet
 * costs no FIB lookup and no header built from scratch. A route, neighbour or MTU change reaches
 * the tunnels within that period; an entry is used only for the real address, fastlb_encap value
 * (encap-source, gue-port) and mode it was built for, so a reload that changes any of them (or
 * reuses the index) reaches the next packet. Unresolved neighbours and failed lookups are never
 * cached. */
#ifndef FASTLB_ENCAP_NH_H
#define FASTLB_ENCAP_NH_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"

#ifndef FASTLB_ENCAP_NH_REFRESH_NS
#define FASTLB_ENCAP_NH_REFRESH_NS 1000000000ull
#endif

/* Words of encap_nh.hdr: outer IPv4 (5) or IPv6 (10), then UDP (2) and GUE (1). */
#define ENCAP_HDR_WORDS 13
#define ENCAP_HDR_UDP(ipv6) ((ipv6) ? 10 : 5)

struct encap_nh {
	/* What the entry was built for: compared as 8-byte words on every packet. */
	__be32 dst[4];		 /* the real's address */
	struct fastlb_encap enc; /* the service's tunnel */
	__u64 resolved_ns;	 /* clock_now_ns() (clock.h) of the lookup; 0: empty */
	__u32 gue;		 /* built for dsr-gue */
	__u32 ifindex;		 /* egress interface */
	__u32 mtu;		 /* the route's MTU toward the real */
	__u32 sum;   /* one's complement sum of the outer checksum's constant words (encap_tmpl_build) */
	__u8 mac[12] __attribute__((aligned(4))); /* destination and source MAC of the tunnel packet */
	/* The outer headers with the per-packet fields (TOS, lengths, the source's varying bits, flow
	 * label, UDP source port, checksums) zero. */
	__be32 hdr[ENCAP_HDR_WORDS];
};

/* Real index -> its tunnel's next hop, per CPU (no locks, no sharing). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, struct encap_nh);
} fastlb_encap_nh SEC(".maps");

_Static_assert(sizeof(struct fastlb_encap) == 24, "encap_nh compares fastlb_encap as three words");

/* The cached next hop of real `idx` at `dst` (a fastlb_real's addr) for tunnel `enc`, or NULL when
 * absent, stale or built for something else. */
static __always_inline struct encap_nh *encap_nh_get(__u32 idx, const __be32 *dst, const struct fastlb_encap *enc,
						     __u32 gue, __u64 now)
{
	struct encap_nh *nh = bpf_map_lookup_elem(&fastlb_encap_nh, &idx);
	const __u64 *a, *b, *x, *y;

	if (!nh || !nh->resolved_ns || now - nh->resolved_ns > FASTLB_ENCAP_NH_REFRESH_NS || nh->gue != gue)
		return NULL;
	/* Map values are 8-byte aligned; dst and enc lead both structs. */
	a = (const __u64 *)nh->dst;
	b = (const __u64 *)dst;
	x = (const __u64 *)&nh->enc;
	y = (const __u64 *)enc;
	if (a[0] != b[0] || a[1] != b[1] || x[0] != y[0] || x[1] != y[1] || x[2] != y[2])
		return NULL;
	return nh;
}

#endif /* FASTLB_ENCAP_NH_H */
