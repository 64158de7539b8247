/* Address and port translation shared by the routed and transparent modes: the packet
 * rewrite with incremental checksums, SNAT port allocation, and the reverse entries that
 * turn a real's reply back into the VIP's. */
#ifndef FASTLB_NAT_H
#define FASTLB_NAT_H

#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>

#include "abi.h"
#include "compiler.h"
#include "consts.h"
#include "csum.h"
#include "flow.h"
#include "flows.h"
#include "flowtab.h"
#include "maps.h"
#include "pkt.h"
#include "scratch.h"
#include "timeouts.h"

/* The addresses and ports a NAT step gives the packet. IPv4 in [0]. */
struct nat_tuple {
	__be32 src[4];
	__be32 dst[4];
	__be16 sport;
	__be16 dport;
};

/* Rewrites the IP addresses and TCP/UDP ports from p->key (what the packet holds) to `t`, and
 * with `ttl_dec` the TTL / hop limit minus one (the caller checked it is above 1), the IPv4 header
 * and L4 checksums updated incrementally in one pass. */
static __always_inline int nat_rewrite_ttl(struct lb_pkt *p, const struct nat_tuple *t, int ttl_dec)
{
	const struct fastlb_flow_key *k = &p->key;
	int ipv6 = k->family == FASTLB_AF_INET6;
	__u32 l3_off = p->pc.l3_off, l4_off = p->pc.l4_off;
	void *data = p->pc.data, *data_end = p->pc.data_end;
	__u32 addr_diff, l4_diff;
	__be16 *ports;

	if (l3_off > PKT_OFF_MAX || l4_off > PKT_OFF_MAX)
		return FASTLB_R_DROP_MALFORMED;
	addr_diff = csum_diff_addr(k->src, t->src, ipv6 ? 4 : 1) + csum_diff_addr(k->dst, t->dst, ipv6 ? 4 : 1);
	l4_diff = addr_diff + csum_diff16(k->sport, t->sport) + csum_diff16(k->dport, t->dport);

	if (ipv6) {
		struct ipv6hdr *ip6 = data + l3_off;

		if ((void *)(ip6 + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		__builtin_memcpy(&ip6->saddr, t->src, 16);
		__builtin_memcpy(&ip6->daddr, t->dst, 16);
		if (ttl_dec)
			ip6->hop_limit--;
	} else {
		struct iphdr *iph = data + l3_off;
		__u32 ip_diff = addr_diff;

		if ((void *)(iph + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		if (ttl_dec) {
			/* TTL shares its 16-bit word with the protocol. */
			__be16 *word = (__be16 *)&iph->ttl;
			__be16 old = *word;

			iph->ttl--;
			ip_diff += csum_diff16(old, *word);
		}
		iph->saddr = t->src[0];
		iph->daddr = t->dst[0];
		iph->check = csum_apply(iph->check, ip_diff);
	}

	ports = data + l4_off;
	if ((void *)(ports + 2) > data_end)
		return FASTLB_R_DROP_MALFORMED;
	ports[0] = t->sport;
	ports[1] = t->dport;
	if (p->pc.l4_proto == IPPROTO_UDP) {
		struct udphdr *uh = data + l4_off;

		if ((void *)(uh + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		csum_l4_apply(&uh->check, l4_diff, IPPROTO_UDP, ipv6);
	} else {
		struct tcphdr *th = data + l4_off;

		if ((void *)(th + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		csum_l4_apply(&th->check, l4_diff, IPPROTO_TCP, ipv6);
	}
	return FASTLB_OK;
}

/* The address and port rewrite alone (transparent mode, and packets left to the kernel). */
static __always_inline int nat_rewrite(struct lb_pkt *p, const struct nat_tuple *t)
{
	return nat_rewrite_ttl(p, t, 0);
}

/* The request as it leaves for the real: destination the real's address and port; source the
 * SNAT address and `snat_port` when the service has SNAT, else the client's. */
static __always_inline void nat_forward_tuple(struct nat_tuple *t, const struct fastlb_flow_key *k,
					      const struct fastlb_service *svc, const struct fastlb_real *real,
					      __be16 snat_port)
{
	if (svc->flags & FASTLB_SVC_F_SNAT) {
		__builtin_memcpy(t->src, svc->snat_addr, sizeof(t->src));
		t->sport = snat_port;
	} else {
		__builtin_memcpy(t->src, k->src, sizeof(t->src));
		t->sport = k->sport;
	}
	__builtin_memcpy(t->dst, real->addr, sizeof(t->dst));
	t->dport = real->port;
}

/* NAT reverse table `which` (enum fastlb_nat_tab), or NULL while the controller has created none
 * (no NAT service yet). */
static __always_inline void *nat_table_of(__u32 which)
{
	return bpf_map_lookup_elem(&fastlb_nats, &which);
}

/* The table that holds the reverse entry of the flow pinned in `pin`: the opening one while it has
 * sent only SYNs. */
static __always_inline __u32 nat_tab_of(const struct flow_pin *pin)
{
	return pin->opening ? FASTLB_NAT_T_OPENING : FASTLB_NAT_T_ESTABLISHED;
}

/* The reverse entry of reply key `k`: the established table's, else, for TCP, the opening table's (a
 * SYN-ACK, or a reply whose flow's promotion another CPU held up). */
static __always_inline struct fastlb_nat *nat_lookup(const struct fastlb_flow_key *k)
{
	void *tab = nat_table_of(FASTLB_NAT_T_ESTABLISHED);
	struct fastlb_nat *nat = tab ? bpf_map_lookup_elem(tab, k) : NULL;

	if (nat || k->proto != IPPROTO_TCP)
		return nat;
	tab = nat_table_of(FASTLB_NAT_T_OPENING);
	return tab ? bpf_map_lookup_elem(tab, k) : NULL;
}

/* Writes key `out` from its addresses and ports, with the protocol and family of key `like`. */
static __always_inline void nat_key_set(struct fastlb_flow_key *out, const __be32 *src, const __be32 *dst, __be16 sport,
					__be16 dport, const struct fastlb_flow_key *like)
{
	__builtin_memset(out, 0, sizeof(*out));
	__builtin_memcpy(out->src, src, sizeof(out->src));
	__builtin_memcpy(out->dst, dst, sizeof(out->dst));
	out->sport = sport;
	out->dport = dport;
	out->proto = like->proto;
	out->family = like->family;
}

/* The reply's 5-tuple as it will come from the real: the request's tuple `t`, turned round. */
static __always_inline void nat_reverse_key(struct fastlb_flow_key *rev, const struct nat_tuple *t,
					    const struct fastlb_flow_key *k)
{
	nat_key_set(rev, t->dst, t->src, t->dport, t->sport, k);
}

/* fastlb_nat.born of an entry written at flow_time() `now`. */
static __always_inline __u16 nat_born(__u32 now)
{
	return (__u16)(now >> (FASTLB_NAT_BORN_SHIFT - FASTLB_FLOW_TIME_SHIFT));
}

/* Whether an entry born `born` is young at flow_time() `now`: written one or two seconds ago at most. */
static __always_inline int nat_young(__u16 born, __u32 now)
{
	return (__u16)(nat_born(now) - born) < 2;
}

/* `now`: flow_time(). */
static __always_inline void nat_entry_fill(struct fastlb_nat *nat, const struct fastlb_flow_key *k,
					   const struct fastlb_service *svc, __u32 real_idx, __u32 now)
{
	__builtin_memset(nat, 0, sizeof(*nat));
	__builtin_memcpy(nat->client, k->src, sizeof(nat->client));
	__builtin_memcpy(nat->vip, k->dst, sizeof(nat->vip));
	nat->client_port = k->sport;
	nat->vip_port = k->dport;
	nat->service = svc->id;
	nat->real = real_idx;
	nat->mode = svc->mode;
	nat->born = nat_born(now);
}

/* A new flow's reverse entry while nat_create tries ports: off the stack, which its probes' calls need. */
SCRATCH_MAP(fastlb_nat_scratch, struct fastlb_nat);

/* The request's key of the flow that reverse entry `nat` (of reply key `rev`) belongs to. */
static __always_inline void nat_flow_key(struct fastlb_flow_key *k, const struct fastlb_nat *nat,
					 const struct fastlb_flow_key *rev)
{
	nat_key_set(k, nat->client, nat->vip, nat->client_port, nat->vip_port, rev);
}

/* nat_port_reclaimable's answers. */
enum nat_port {
	NAT_PORT_HELD = 0, /* the entry's flow lives */
	NAT_PORT_FREE = 1, /* no entry */
	NAT_PORT_STALE = 2, /* an entry whose flow is gone: the port may be taken over (nat_claim) */
	NAT_PORT_OWN = 3,   /* the new flow's own entry: a SYN reopening its closed 5-tuple, or a flow whose
			     * first packet left unpinned (FASTLB_FE_BUSY), whose port it keeps */
};

/* nat_port_reclaimable's owner key, off the stack: that call ends the program's deepest chain of
 * calls, whose frames share 512 bytes. */
SCRATCH_MAP(fastlb_nat_owner, struct fastlb_flow_key);

/* Whether SNAT reply key `rev` is free in table `which` for new flow `k`: no entry, or an entry whose
 * flow is gone from the connection table (expired, pinned anew to another real or port, or its slot
 * taken by another flow), or `k`'s own (a SYN reopening a closed 5-tuple). A closing flow keeps its
 * port until it expires: its last ACK still needs it, and so does an entry written in the last second
 * or two, whatever the connection table says. Without this an entry held its port until the
 * LRU evicted it, which a table larger than the flows through one real never does: after a range's
 * worth of connections, every new one was refused. Global: verified once, called per probe. */
__noinline int nat_port_reclaimable(const struct fastlb_flow_key *rev, const struct fastlb_flow_key *k, __u32 now,
				    __u32 which)
{
	struct fastlb_flow_key *owner;
	struct fastlb_flow_slot *slot;
	struct fastlb_nat *nat;
	__u32 hash, where, real, zero = 0;
	__u64 word = 0;
	void *tab = nat_table_of(which);
	int gone;

	if (!rev || !k)
		return NAT_PORT_HELD;
	nat = tab ? bpf_map_lookup_elem(tab, rev) : NULL;
	if (!nat)
		return NAT_PORT_FREE;
	owner = bpf_map_lookup_elem(&fastlb_nat_owner, &zero);
	if (!owner)
		return NAT_PORT_HELD;
	nat_flow_key(owner, nat, rev);
	real = nat->real;
	if (flowtab_key_eq(owner, k))
		return NAT_PORT_OWN;
	/* Written one or two seconds ago at most: its flow may be between nat_create and flow_pin_create
	 * on another CPU, not yet in the connection table or still there with its old port. */
	if (nat_young(nat->born, now))
		return NAT_PORT_HELD;
	hash = flow_hash(owner);
	where = flowtab_find(owner, hash, &word);
	if (where == FLOWTAB_PICK_NONE)
		return NAT_PORT_STALE;
	slot = flowtab_slot(hash, where);
	if (!slot)
		return NAT_PORT_HELD;
	gone = (__u32)(word >> 32) != real || slot->flow.snat_port != rev->dport ||
	       flow_idle_ns(&slot->flow, now) > expiry_of(owner->proto, slot->flow.state);
	/* A slot rewritten while read: its new flow is another, so the entry's flow is gone too. */
	return gone || !flowtab_stable(slot, word) ? NAT_PORT_STALE : NAT_PORT_HELD;
}

/* The 8 bytes of a reverse entry nat_claim swaps: the real, the mode and the birth. */
struct nat_claim_word {
	__u32 real;
	__u8 mode;
	__u8 pad;
	__u16 born;
};

_Static_assert(__builtin_offsetof(struct fastlb_nat, real) % 8 == 0 &&
		   __builtin_offsetof(struct fastlb_nat, born) == __builtin_offsetof(struct fastlb_nat, real) + 6,
	       "nat_claim swaps real, mode, pad and born as one aligned word");

/* Takes over the entry of reply key `rev` in `tab`, which nat_port_reclaimable found stale, by making
 * it young with one compare-and-swap: of two CPUs taking over the same port at once, one wins and the
 * other then finds the entry young (held). False when it is gone or another CPU took it first. */
static __noinline int nat_claim(void *tab, const struct fastlb_flow_key *rev, __u32 now)
{
	struct fastlb_nat *e = bpf_map_lookup_elem(tab, rev);
	struct nat_claim_word w;
	__u64 old, young;

	if (!e)
		return 0;
	old = *(volatile __u64 *)&e->real;
	__builtin_memcpy(&w, &old, sizeof(w));
	if (nat_young(w.born, now))
		return 0;
	w.born = nat_born(now);
	__builtin_memcpy(&young, &w, sizeof(young));
	return __sync_val_compare_and_swap((__u64 *)&e->real, old, young) == old;
}

/* A full memory barrier: a compare-and-swap that changes nothing, on this CPU's own counter. What was
 * written before it is seen by every CPU before anything read after it. */
static __always_inline void nat_fence(void)
{
	__u32 event = FASTLB_FE_SNAT_RECLAIMED;
	__u64 *n = bpf_map_lookup_elem(&fastlb_flow_events, &event);

	if (n)
		(void)__sync_val_compare_and_swap(n, 0, 0);
}

/* Whether another CPU's new flow put an entry of reply key `rev` into table `otab` while this CPU's
 * went into the other table: each looked in `otab` before it inserted into its own, so both may have
 * found the port free. After a full barrier, of two such CPUs at least one sees the other's entry;
 * each that does takes its own back and tries its next port. Out of line, as is nat_claim: their
 * locals would grow nat_create's frame, which lies on the program's deepest chain of calls (512 bytes
 * for all its frames). */
static __noinline int nat_port_contended(void *otab, const struct fastlb_flow_key *rev, const struct fastlb_flow_key *k)
{
	struct fastlb_flow_key *owner;
	struct fastlb_nat *e;
	__u32 zero = 0;

	nat_fence();
	e = bpf_map_lookup_elem(otab, rev);
	if (!e)
		return 0;
	owner = bpf_map_lookup_elem(&fastlb_nat_owner, &zero);
	if (!owner)
		return 1;
	nat_flow_key(owner, e, rev);
	return !flowtab_key_eq(owner, k);
}

/* Creates the reverse entry of a new flow, in the opening table when the flow has sent only SYNs
 * (pin->opening), else in the established one. With SNAT, picks the source port: from hash % range
 * on, FASTLB_SNAT_PROBES ports a stride apart are tried (consts.h); a port is taken when neither
 * table holds a live entry for it (nat_port_reclaimable: a stale entry in the other table is
 * deleted, one in this table overwritten, each once nat_claim has won it; the flow's own likewise,
 * without a claim), claimed with BPF_NOEXIST so two flows never share one (nor, by
 * nat_port_contended, one in each table); the winner is written into t->sport. `pin`: the flow's
 * real and hash; `now`: flow_time(). */
static __noinline int nat_create(const struct fastlb_flow_key *k, const struct fastlb_service *svc,
				 const struct flow_pin *pin, struct nat_tuple *t, __u32 now)
{
	__u32 which = nat_tab_of(pin), other = which ^ 1;
	__u32 min, range, start, step, i, zero = 0;
	void *tab = nat_table_of(which), *otab = nat_table_of(other);
	struct fastlb_flow_key rev;
	struct fastlb_nat *nat;
	int free;

	/* A NAT service is written only after its tables: none means maps written by something else. */
	nat = bpf_map_lookup_elem(&fastlb_nat_scratch, &zero);
	if (!tab || !otab || !nat)
		return FASTLB_R_DROP_BAD_SERVICE;
	nat_entry_fill(nat, k, svc, pin->real_idx, now);
	if (!(svc->flags & FASTLB_SVC_F_SNAT)) {
		nat_reverse_key(&rev, t, k);
		/* The new flow's entry replaces any of its reply key: an entry an earlier flow of this
		 * client port left in the established table would answer the replies first (one in the
		 * opening table is looked up after this one's). */
		if (which == FASTLB_NAT_T_OPENING && bpf_map_lookup_elem(otab, &rev))
			bpf_map_delete_elem(otab, &rev);
		bpf_map_update_elem(tab, &rev, nat, BPF_ANY);
		return FASTLB_OK;
	}
	min = svc->snat_port_min;
	if (min == 0 || svc->snat_port_max < min)
		return FASTLB_R_DROP_SNAT_EXHAUSTED;
	range = (__u32)svc->snat_port_max - min + 1;
	start = pin->hash % range;
	step = range > FASTLB_SNAT_SCATTER_MIN ? 1 + hash_mix32(pin->hash) % (range - 1) : 1;
#pragma unroll
	for (i = 0; i < FASTLB_SNAT_PROBES; i++) {
		t->sport = bpf_htons((__u16)(min + (start + i * step) % range));
		nat_reverse_key(&rev, t, k);
		free = nat_port_reclaimable(&rev, k, now, other);
		if (free == NAT_PORT_HELD || (free == NAT_PORT_STALE && !nat_claim(otab, &rev, now)))
			continue;
		if (free != NAT_PORT_FREE) {
			bpf_map_delete_elem(otab, &rev);
			flow_event(FASTLB_FE_SNAT_RECLAIMED);
		}
		if (bpf_map_update_elem(tab, &rev, nat, BPF_NOEXIST) == 0) {
			if (!nat_port_contended(otab, &rev, k))
				return FASTLB_OK;
			bpf_map_delete_elem(tab, &rev);
			continue;
		}
		free = nat_port_reclaimable(&rev, k, now, which);
		if (free == NAT_PORT_OWN || (free == NAT_PORT_STALE && nat_claim(tab, &rev, now))) {
			bpf_map_update_elem(tab, &rev, nat, BPF_ANY);
			flow_event(FASTLB_FE_SNAT_RECLAIMED);
			return FASTLB_OK;
		}
	}
	return FASTLB_R_DROP_SNAT_EXHAUSTED;
}

/* True when reverse entry `e` is the one request key `k` of service `svc` pinned to real `real_idx`
 * would make. */
static __always_inline int nat_entry_of(const struct fastlb_nat *e, const struct fastlb_flow_key *k,
					const struct fastlb_service *svc, __u32 real_idx)
{
	return e->service == svc->id && e->real == real_idx && e->client_port == k->sport && e->vip_port == k->dport &&
	       e->client[0] == k->src[0] && e->client[1] == k->src[1] && e->client[2] == k->src[2] &&
	       e->client[3] == k->src[3];
}

/* Writes the reverse entry of the flow pinned in `pin` into its table (nat_tab_of) when it is not
 * there: called when the flow's last-seen time is refreshed (once its state's refresh period,
 * refresh_of in timeouts.h) and when it is established, which moves its entry from the opening to
 * the established table. It puts back an entry the LRU evicted while its flow lived (same port). An
 * entry of its reply key that another flow made is left alone, in either table: that flow is newer
 * (a flow's SYN deletes an older one's, nat_create), and its replies are its own. */
static __noinline void nat_refresh(const struct fastlb_flow_key *k, const struct fastlb_service *svc,
				   const struct flow_pin *pin, const struct nat_tuple *t, __u32 now)
{
	struct fastlb_flow_key rev;
	struct fastlb_nat *nat, *e;
	__u32 which = nat_tab_of(pin), zero = 0;
	void *tab = nat_table_of(which), *otab = nat_table_of(which ^ 1);

	nat = bpf_map_lookup_elem(&fastlb_nat_scratch, &zero);
	if (!tab || !otab || !nat)
		return;
	nat_reverse_key(&rev, t, k);
	/* Looked up first: an LRU update takes (and may evict) a node before it finds the key exists. */
	if (bpf_map_lookup_elem(tab, &rev))
		return;
	e = bpf_map_lookup_elem(otab, &rev);
	if (e && !nat_entry_of(e, k, svc, pin->real_idx))
		return;
	nat_entry_fill(nat, k, svc, pin->real_idx, now);
	bpf_map_update_elem(tab, &rev, nat, BPF_NOEXIST);
}

#endif /* FASTLB_NAT_H */
