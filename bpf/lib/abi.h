/* FastLb ABI: every struct, enum and limit that crosses between the XDP program and the
 * C# controller. C# mirrors it in src/FastLb.Interop/Abi; a test compares both against
 * the compiled object's BTF. Keys carry explicit padding, which callers zero. */
#ifndef FASTLB_ABI_H
#define FASTLB_ABI_H

#include <linux/types.h>

#ifndef FASTLB_MAX_SERVICES
#define FASTLB_MAX_SERVICES 1024 /* services (VIP:port/proto) compiled in; `max-services` sets it at load */
#endif
#define FASTLB_MAX_SERVICES_LIMIT 16384 /* largest `max-services`: fastlb_real.service is a __u16 */
#ifndef FASTLB_MAX_REALS
#define FASTLB_MAX_REALS 16384 /* reals shared by all services, compiled in; `max-reals` sets it at load */
#endif
#define FASTLB_MAX_REALS_LIMIT 131072 /* largest `max-reals`: bound of every real index */
#ifndef FASTLB_RING_MAX
#define FASTLB_RING_MAX 65537 /* largest Maglev table of one service (a prime) */
#endif
#ifndef FASTLB_FLOWS_MAX
#define FASTLB_FLOWS_MAX 262144 /* connection-table slots compiled in (a power of two); `flow-table-size` sets it at load */
#endif
#define FASTLB_FLOW_WAYS 4 /* slots per connection-table bucket */
#define FASTLB_FLOW_NEAR_BUCKETS 16384 /* a flow's near bucket is one of the table's first this many (4 MiB) */
#define FASTLB_FLOW_TIME_SHIFT 20 /* fastlb_flow.refreshed: clock ns >> 20, units of ~1.05 ms */
#define FASTLB_NAT_BORN_SHIFT 30 /* fastlb_nat.born: clock ns >> 30, units of ~1.07 s */

#define FASTLB_NO_REAL 0xffffffffu /* ring slot or flow with no real */
#define FASTLB_HASH_SEED 0x46a57b1du /* seed of the flow hash (flow_hash.h; C# mirrors it) */

/* Address families, as in <sys/socket.h>. */
enum fastlb_family {
	FASTLB_AF_INET = 2,
	FASTLB_AF_INET6 = 10,
};

/* Forwarding modes (a service's `mode:`). */
enum fastlb_mode {
	FASTLB_MODE_DSR_L2 = 0, /* rewrite MACs only; the real owns the VIP on loopback */
	FASTLB_MODE_ROUTED = 1, /* DNAT (+ optional SNAT), TTL - 1, MACs from the FIB */
	FASTLB_MODE_TRANSPARENT = 2, /* DNAT, dst MAC = the real's, src MAC kept: a balancing switch */
	FASTLB_MODE_DSR_IPIP = 3, /* L3 DSR: IPv4-in-IPv4 / IPv6-in-IPv6 to the real (fastlb_encap) */
	FASTLB_MODE_DSR_GUE = 4, /* L3 DSR: outer IP + UDP + GUE to the real (fastlb_encap) */
};

/* Real-selection algorithms. */
enum fastlb_algorithm {
	FASTLB_ALG_MAGLEV = 0, /* consistent hash of the 5-tuple through the ring */
	FASTLB_ALG_ROUND_ROBIN = 1, /* the ring holds each eligible real once, new flows take it in turn */
	FASTLB_ALG_WEIGHTED_ROUND_ROBIN = 2, /* the ring holds a smooth weighted sequence, taken in turn */
	FASTLB_ALG_LEAST_CONN = 3, /* the ring lists the eligible reals: the fewest active flows wins */
	FASTLB_ALG_WEIGHTED_LEAST_CONN = 4, /* the same, active flows per unit of weight */
	FASTLB_ALG_HASH = 5, /* Maglev ring on a hash of the fields in fastlb_service.hash_fields */
	FASTLB_ALG_STICKY = 6, /* a client (hash_fields) keeps its real (fastlb_sticky); placed by least connections */
};

/* fastlb_service.hash_fields: the flow-key fields hashed by FASTLB_ALG_HASH / keyed by FASTLB_ALG_STICKY. */
enum fastlb_hash_field {
	FASTLB_HF_SRC_IP = 1,
	FASTLB_HF_DST_IP = 2,
	FASTLB_HF_SRC_PORT = 4,
	FASTLB_HF_DST_PORT = 8,
	FASTLB_HF_PROTO = 16,
	FASTLB_HF_ALL = 31,
};

/* fastlb_flow.state: where a flow is in its life, which decides its idle timeout. */
enum fastlb_flow_state {
	FASTLB_FS_NEW = 0, /* TCP: only SYNs seen so far (or the first packet) */
	FASTLB_FS_ESTABLISHED = 1, /* TCP: a packet without SYN seen; UDP flows stay here */
	FASTLB_FS_CLOSING = 2, /* TCP: FIN or RST seen: no longer counted as active */
};

/* Real flags. */
enum fastlb_real_flags {
	FASTLB_REAL_F_UP = 1, /* eligible: flows pinned to a real without it are rescheduled */
	FASTLB_REAL_F_MAC = 2, /* mac is set; else transparent mode asks the neighbour table */
};

/* Service flags. */
enum fastlb_service_flags {
	FASTLB_SVC_F_SNAT = 1, /* source becomes snat_addr and a port from the SNAT range */
	FASTLB_SVC_F_STATELESS = 2, /* `stateless:` every packet placed by the hash, no connection-table entry */
};

/* fastlb_topology flags. */
enum fastlb_topology_flags {
	FASTLB_TOPO_F_BRIDGE = 1, /* inline transparent: frames not for FastLb cross to the other port */
};

/* fastlb_vips flags. */
enum fastlb_vip_flags {
	FASTLB_VIP_F_ANSWER_NEIGH = 1, /* answer ARP / neighbour solicitations for this address */
};

/* Keys of fastlb_ports (DEVMAP): the interfaces XDP_REDIRECT sends to. */
enum fastlb_port {
	FASTLB_PORT_OUTSIDE = 0, /* `interface:`, the client side */
	FASTLB_PORT_INSIDE = 1, /* `inside-interface:`, the server side (inline only) */
	FASTLB_PORT_MAX = 2,
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
	FASTLB_R_DROP_BAD_SERVICE = 8, /* XDP_DROP: service mode or algorithm not implemented, or its NAT table missing */
	FASTLB_R_REDIRECT_FORWARD = 9, /* XDP_REDIRECT: inline, request sent to a real by the inside port */
	FASTLB_R_TX_REPLY = 10, /* XDP_TX: one-arm, a real's reply un-NATed back to the client */
	FASTLB_R_REDIRECT_REPLY = 11, /* XDP_REDIRECT: inline, a real's reply un-NATed to the outside */
	FASTLB_R_PASS_NO_NEIGH = 12, /* XDP_PASS: rewritten, next hop unresolved: the kernel resolves it */
	FASTLB_R_DROP_NO_ROUTE = 13, /* XDP_DROP: bpf_fib_lookup found no usable route */
	FASTLB_R_DROP_TTL = 14, /* XDP_DROP: TTL / hop limit would reach zero in a routed mode */
	FASTLB_R_DROP_SNAT_EXHAUSTED = 15, /* XDP_DROP: no free SNAT port within the bounded retries */
	FASTLB_R_TX_NEIGH_REPLY = 16, /* XDP_TX: ARP reply / neighbour advertisement for a VIP */
	FASTLB_R_REDIRECT_BRIDGE = 17, /* XDP_REDIRECT: inline transparent, frame bridged unchanged */
	FASTLB_R_TX_ICMP_ERROR = 18, /* XDP_TX: ICMP error about a NAT'd flow, translated */
	FASTLB_R_REDIRECT_ICMP_ERROR = 19, /* XDP_REDIRECT: the same, inline, to the other port */
	FASTLB_R_TX_ICMP_TOO_BIG = 20, /* XDP_TX: too big once encapsulated: ICMP frag-needed / packet-too-big to the client */
	FASTLB_R_DROP_TOO_BIG = 21, /* XDP_DROP: too big once encapsulated and no ICMP owed (IPv4 without DF, an ICMP error) */
	FASTLB_R_MAX = 22,
};

/* Key of fastlb_services. IPv4 addresses sit in addr[0], the rest zero. */
struct fastlb_vip_key {
	__be32 addr[4]; /* VIP */
	__be16 port; /* service port */
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 family; /* enum fastlb_family */
};

/* Value of fastlb_service_cfg (two copies per service, FASTLB_SVC_CFG). */
struct fastlb_service {
	__u32 id; /* index into fastlb_svc_stats and the ring array */
	__u32 ring_size; /* Maglev table size, a prime <= FASTLB_RING_MAX */
	__u8 ring_active; /* live copy of the double-buffered ring: 0 or 1 */
	__u8 mode; /* enum fastlb_mode */
	__u8 algorithm; /* enum fastlb_algorithm */
	__u8 flags; /* enum fastlb_service_flags */
	__u16 snat_port_min; /* first SNAT port, host order */
	__u16 snat_port_max; /* last SNAT port, host order */
	__be32 snat_addr[4]; /* SNAT source (FASTLB_SVC_F_SNAT), the VIP's family; IPv4 in [0] */
	__u8 hash_fields; /* enum fastlb_hash_field mask: FASTLB_ALG_HASH, FASTLB_ALG_STICKY */
	__u8 pad[3]; /* zero */
	__u32 sticky_timeout_s; /* FASTLB_ALG_STICKY: a client idle this long is placed anew */
};

/* Value of fastlb_reals, keyed by real index. */
struct fastlb_real {
	__be32 addr[4]; /* real address; IPv4 in addr[0] */
	__be16 port; /* real port */
	__u8 family; /* enum fastlb_family */
	__u8 flags; /* enum fastlb_real_flags */
	__u8 mac[6]; /* L2 next hop (dsr-l2; transparent when FASTLB_REAL_F_MAC) */
	__u16 service; /* id of the service the real belongs to: a flow pinned to this index by
			* another service (the index was reused on a reload) is treated as new */
	__u32 gen; /* generation of the index: changes whenever the index names another real, so a
		    * flow pinned to the index's earlier real (fastlb_flow.real_gen) is treated as new */
	__u32 weight; /* configured weight: FASTLB_ALG_WEIGHTED_LEAST_CONN divides active flows by it */
};

/* Key of fastlb_vips: a VIP address, whatever its ports. */
struct fastlb_vip_addr {
	__be32 addr[4]; /* IPv4 in addr[0], the rest zero */
	__u8 family; /* enum fastlb_family */
	__u8 pad[3]; /* zero */
};

/* Value of fastlb_topology (one entry, key 0): the interfaces FastLb serves and how. */
struct fastlb_topology {
	__u8 mac[6]; /* outside interface's MAC: source of rewritten frames */
	__u8 inside_mac[6]; /* inside interface's MAC (inline), else equal to mac */
	__u32 ifindex; /* outside interface (`interface:`) */
	__u32 inside_ifindex; /* inside interface (`inside-interface:`), 0 when one-arm */
	__u32 flags; /* enum fastlb_topology_flags */
};

/* A flow's 5-tuple as seen on the wire: the key of connection-table slots and of the NAT table. */
struct fastlb_flow_key {
	__be32 src[4]; /* source address; IPv4 in src[0] */
	__be32 dst[4]; /* destination address */
	__be16 sport; /* source port */
	__be16 dport; /* destination port */
	__u8 proto; /* IP protocol */
	__u8 family; /* enum fastlb_family */
	__u16 pad; /* zero */
};

/* What a flow was given, in its connection-table slot. */
struct fastlb_flow {
	__u32 seq; /* even: stable; odd while a CPU rewrites the slot (flowtab.h) */
	__u32 real; /* real index the flow is pinned to */
	__u32 real_gen; /* fastlb_real.gen of the real when the flow was pinned */
	__u32 refreshed; /* clock_now_ns() >> FASTLB_FLOW_TIME_SHIFT at creation, rewritten at most once a
			  * refresh period; wraps after 52 days */
	__u16 service; /* service id */
	__be16 snat_port; /* SNAT source port of the flow, 0 without SNAT */
	__u8 state; /* enum fastlb_flow_state */
	__u8 bucket_flags; /* slot 0 of a bucket only, kept across its entries: enum fastlb_flow_bucket_flags */
	__u8 pad[2]; /* zero */
};

/* fastlb_flow.bucket_flags (in a bucket's slot 0). */
enum fastlb_flow_bucket_flags {
	FASTLB_FLOW_B_OVERFLOW = 1, /* a flow whose near (or first far) bucket this is was placed in a later
				     * one: look there too (never cleared while the table lives: without it, a
				     * miss reads one bucket) */
};

/* One connection-table slot: a flow's key and what it was given, one 64-byte cache line. An empty
 * slot has key.family 0. */
struct fastlb_flow_slot {
	struct fastlb_flow_key key;
	struct fastlb_flow flow;
};

/* Value of fastlb_flows (an array of buckets): the slots a flow's hash may place it in. */
struct fastlb_flow_bucket {
	struct fastlb_flow_slot slot[FASTLB_FLOW_WAYS];
};

/* A next hop as bpf_fib_lookup answered it, reused by the NAT modes until it is older than
 * FASTLB_NAT_HOP_REFRESH_NS (nat_hop.h), so an established flow's packet costs no FIB lookup. */
struct fastlb_hop {
	__u64 resolved_ns; /* data-plane clock (CLOCK_MONOTONIC ns) of the lookup; 0: none yet */
	__u32 ifindex; /* egress interface */
	__u32 ingress; /* interface the packet came in by: a packet from another is looked up afresh */
	__u8 dmac[6]; /* next hop's MAC */
	__u8 smac[6]; /* egress interface's MAC */
	__u16 mtu; /* the route's MTU as the lookup checks it: a longer packet is looked up afresh */
	__u16 pad; /* zero */
};

/* Value of fastlb_real_hops (per CPU), keyed by real index: the next hop toward a routed real or a
 * transparent real without a configured MAC. */
struct fastlb_real_hop {
	__be32 addr[4]; /* the real's address the hop was resolved for; IPv4 in addr[0] */
	struct fastlb_hop hop;
};

/* Keys of fastlb_nats, the NAT reverse tables. A flow's entry is in the opening table while the flow
 * has sent only SYNs, and is written to the established table when the flow is established (or is
 * pinned established: UDP, a first packet without SYN); so a SYN flood churns the opening table and
 * never evicts an established flow's entry. */
enum fastlb_nat_tab {
	FASTLB_NAT_T_ESTABLISHED = 0,
	FASTLB_NAT_T_OPENING = 1,
};

/* Value of the NAT tables (fastlb_nats), keyed by a reply's 5-tuple as it arrives from the real
 * (src = real:port, dst = client or SNAT address:port): how to un-NAT it. */
struct fastlb_nat {
	__be32 client[4]; /* client address: destination of the un-NATed reply */
	__be32 vip[4]; /* VIP: source of the un-NATed reply */
	__be16 client_port; /* client port */
	__be16 vip_port; /* service port */
	__u32 service; /* service id */
	__u32 real; /* real index */
	__u8 mode; /* enum fastlb_mode of the service */
	__u8 pad; /* zero */
	__u16 born; /* clock ns >> FASTLB_NAT_BORN_SHIFT when written, truncated: an entry this young may
		     * belong to a flow another CPU is pinning (nat_port_reclaimable) */
	struct fastlb_hop client_hop; /* next hop back to the client: zero at creation, resolved by a reply */
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

/* Value of fastlb_encap, keyed by service id: how a dsr-ipip / dsr-gue service's packets are
 * tunnelled. The outer source is src with the bits of src_vary taken from the flow hash. */
struct fastlb_encap {
	__be32 src[4]; /* outer source (encap-source of the VIP's family); IPv4 in src[0] */
	__be32 src_vary; /* mask over the family's last word (src[0] / src[3]): bits from the flow hash */
	__be16 gue_port; /* dsr-gue: outer UDP destination port */
	__u8 family; /* enum fastlb_family of src: the VIP's and the reals' */
	__u8 pad; /* zero */
};

/* Keys of fastlb_flow_events: what happened to flow entries, per CPU. */
enum fastlb_flow_event {
	FASTLB_FE_NEW = 0, /* a flow pinned whose first packet was not a SYN */
	FASTLB_FE_NEW_SYN = 1, /* a SYN-only flow pinned */
	FASTLB_FE_PROMOTED = 2, /* a SYN-only flow's first packet without SYN: established in its slot */
	FASTLB_FE_MISS_NOT_SYN = 3, /* a TCP packet without SYN found no entry: an evicted flow, or one started elsewhere */
	FASTLB_FE_EXPIRED = 4, /* an entry idle past its state's timeout, found and replaced */
	FASTLB_FE_EVICTED = 5, /* a live established flow replaced by a new one: the table is too small */
	FASTLB_FE_FULL = 6, /* a SYN-only flow not pinned: its candidate slots hold live established flows */
	FASTLB_FE_BUSY = 7, /* a flow not pinned or moved on: another CPU was writing its slot */
	FASTLB_FE_PLACED_FAR = 8, /* a flow pinned in a far bucket of the connection table (its near one had no room) */
	FASTLB_FE_SNAT_RECLAIMED = 9, /* a SNAT port whose reverse entry names a flow that is gone (expired, re-pinned
				       * or replaced), taken by a new flow (nat.h) */
	FASTLB_FE_MAX = 10,
};

/* Value of the read-only global fastlb_timeouts, set by the controller before load: idle timeouts by
 * flow state (ns). */
struct fastlb_timeouts {
	__u64 syn_ns; /* TCP, only SYNs seen */
	__u64 established_ns; /* TCP established */
	__u64 fin_ns; /* TCP after FIN or RST */
	__u64 udp_ns; /* UDP */
	__u64 tick_ns; /* the running kernel's ns per jiffy (clock.h); 0: unknown, the coarse clock */
	__u64 jiffies_start; /* the running kernel's INITIAL_JIFFIES: where jiffies start */
};

/* Key of fastlb_sticky: a client of a sticky service, the fields outside hash_fields zeroed. */
struct fastlb_sticky_key {
	struct fastlb_flow_key fields; /* the flow key, masked */
	__u32 service; /* service id */
};

/* Value of fastlb_sticky. */
struct fastlb_sticky {
	__u32 real; /* real index the client sticks to */
	__u32 real_gen; /* fastlb_real.gen when it was chosen */
	__u64 used_ns; /* clock_now_ns() (clock.h) of the client's last new flow */
};

/* Slots per entry of a service's selection table (an inner map of fastlb_rings, keyed by
 * slot / 2, value __u32[2]): the kernel gives every array value 8 bytes, so a pair wastes none;
 * mmap'd, the table reads as one __u32 real index per slot. */
#define FASTLB_RING_PAIR 2

/* Entry of fastlb_rings holding copy `copy` of service `id`'s table. */
#define FASTLB_RING_OUTER(id, copy) ((id) * 2u + (copy))

/* Entry of fastlb_service_cfg holding copy `copy` of service `id`'s config. */
#define FASTLB_SVC_CFG(id, copy) ((id) * 2u + (copy))

/* fastlb_service_live[id]: bit 0 is the live copy; bits 8-31 the tag of the VIP key that names
 * the id (FASTLB_VIP_TAG of the key's fastlb_vip_hash, vip_filter.h), 0 while no key does. An
 * established flow's packet finds its service by the id its entry holds when the tag matches. */
#define FASTLB_SVC_LIVE_COPY 1u
#define FASTLB_SVC_LIVE_TAG_SHIFT 8
#define FASTLB_VIP_TAG(hash) (((hash) >> 8) | 0x800000u)

/* Words of fastlb_vip_filter: eight one-byte counters each, 65536 in all, counter (hash & 0xffff)
 * counting the service keys with that hash; 255 sticks (never decremented). */
#define FASTLB_VIP_FILTER_WORDS 8192
#define FASTLB_VIP_FILTER_STUCK 255

/* fastlb_vip_hint values: 1 + a service id, and this flag when that service is stateless, so its
 * packets skip the connection table before their service is confirmed. */
enum fastlb_vip_hint_flags {
	FASTLB_VIP_HINT_STATELESS = 0x40000000,
};

#endif /* FASTLB_ABI_H */
