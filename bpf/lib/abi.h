/* FastLb ABI: every struct, enum and limit that crosses between the XDP program and the
 * C# controller. C# mirrors it in src/FastLb.Interop/Abi; a test compares both against
 * the compiled object's BTF. Keys carry explicit padding, which callers zero. */
#ifndef FASTLB_ABI_H
#define FASTLB_ABI_H

#include <linux/types.h>

#ifndef FASTLB_MAX_SERVICES
#define FASTLB_MAX_SERVICES 64 /* services (VIP:port/proto) */
#endif
#ifndef FASTLB_MAX_REALS
#define FASTLB_MAX_REALS 4096 /* reals, shared by all services */
#endif
#ifndef FASTLB_RING_MAX
#define FASTLB_RING_MAX 65537 /* largest Maglev table of one service (a prime) */
#endif
#ifndef FASTLB_FLOWS_MAX
#define FASTLB_FLOWS_MAX 262144 /* connection-table entries (LRU) */
#endif

#define FASTLB_NO_REAL 0xffffffffu /* ring slot or flow with no real */
#define FASTLB_HASH_SEED 0x46a57b1du /* jhash seed of the flow hash (C# mirrors it) */

/* Address families, as in <sys/socket.h>. */
enum fastlb_family {
	FASTLB_AF_INET = 2,
	FASTLB_AF_INET6 = 10,
};

/* Forwarding modes. */
enum fastlb_mode {
	FASTLB_MODE_DSR_L2 = 0, /* rewrite MACs only; the real owns the VIP on loopback */
};

/* Real-selection algorithms. */
enum fastlb_algorithm {
	FASTLB_ALG_MAGLEV = 0, /* consistent hash of the 5-tuple through the ring */
};

/* Real flags. */
enum fastlb_real_flags {
	FASTLB_REAL_F_UP = 1, /* eligible: flows pinned to a real without it are rescheduled */
};

/* Why a packet got its verdict: the key of fastlb_stats. Each reason has one verdict. */
enum fastlb_reason {
	FASTLB_R_TX_FORWARD = 0, /* XDP_TX: sent to a real */
	FASTLB_R_PASS_NOT_IP = 1, /* XDP_PASS: not IPv4/IPv6 (ARP, LLDP, ...) */
	FASTLB_R_PASS_NOT_VIP = 2, /* XDP_PASS: no service for (dst, dport, proto) */
	FASTLB_R_PASS_FRAGMENT = 3, /* XDP_PASS: IP fragment, left to the kernel */
	FASTLB_R_PASS_NOT_L4 = 4, /* XDP_PASS: neither TCP nor UDP */
	FASTLB_R_DROP_MALFORMED = 5, /* XDP_DROP: truncated or inconsistent header */
	FASTLB_R_DROP_NO_REAL = 6, /* XDP_DROP: service has no eligible real */
	FASTLB_R_PASS_IP6_EXT = 7, /* XDP_PASS: IPv6 extension chain we do not walk */
	FASTLB_R_DROP_BAD_SERVICE = 8, /* XDP_DROP: service mode or algorithm not implemented */
	FASTLB_R_MAX = 9,
};

/* Key of fastlb_services. IPv4 addresses sit in addr[0], the rest zero. */
struct fastlb_vip_key {
	__be32 addr[4]; /* VIP */
	__be16 port; /* service port */
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 family; /* enum fastlb_family */
};

/* Value of fastlb_services. */
struct fastlb_service {
	__u32 id; /* index into fastlb_svc_stats and the ring array */
	__u32 ring_size; /* Maglev table size, a prime <= FASTLB_RING_MAX */
	__u8 ring_active; /* live copy of the double-buffered ring: 0 or 1 */
	__u8 mode; /* enum fastlb_mode */
	__u8 algorithm; /* enum fastlb_algorithm */
	__u8 flags; /* reserved, zero */
	__u32 pad; /* zero */
};

/* Value of fastlb_reals, keyed by real index. */
struct fastlb_real {
	__be32 addr[4]; /* real address; IPv4 in addr[0] */
	__be16 port; /* real port */
	__u8 family; /* enum fastlb_family */
	__u8 flags; /* enum fastlb_real_flags */
	__u8 mac[6]; /* L2 next hop (DSR-L2) */
	__u16 pad; /* zero */
};

/* Value of fastlb_config (one entry, key 0). */
struct fastlb_config {
	__u8 mac[6]; /* this interface's MAC: source of rewritten frames */
	__u16 pad; /* zero */
	__u32 ifindex; /* interface the program is attached to */
};

/* Key of fastlb_flows: the 5-tuple as seen on the wire. */
struct fastlb_flow_key {
	__be32 src[4]; /* source address; IPv4 in src[0] */
	__be32 dst[4]; /* destination address */
	__be16 sport; /* source port */
	__be16 dport; /* destination port */
	__u8 proto; /* IP protocol */
	__u8 family; /* enum fastlb_family */
	__u16 pad; /* zero */
};

/* Value of fastlb_flows. */
struct fastlb_flow {
	__u32 real; /* real index the flow is pinned to */
	__u32 service; /* service id */
	__u64 last_seen_ns; /* bpf_ktime_get_ns() of the flow's last packet */
};

/* Value of fastlb_stats (by reason) and fastlb_svc_stats (by service id), per CPU. */
struct fastlb_counter {
	__u64 packets;
	__u64 bytes;
};

/* Value of fastlb_real_stats, by real index, per CPU. */
struct fastlb_real_counter {
	__u64 packets;
	__u64 bytes;
	__u64 new_flows; /* flows first pinned to this real */
};

/* Ring array index of slot `slot` in copy `copy` of service `id`. */
#define FASTLB_RING_INDEX(id, copy, slot) \
	(((id) * 2u + (copy)) * (__u32)FASTLB_RING_MAX + (slot))

#endif /* FASTLB_ABI_H */
