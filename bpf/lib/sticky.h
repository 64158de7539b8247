/* Sticky clients: a client (the flow-key fields in hash_fields, default its source address) keeps
 * the real its first flow was given by least connections until it has been idle for the
 * service's sticky timeout, or its real goes down, is drained or leaves the service. */
#ifndef FASTLB_STICKY_H
#define FASTLB_STICKY_H

#include "abi.h"
#include "compiler.h"
#include "maps.h"
#include "reals.h"
#include "sched_lc.h"

/* The flow key with the fields outside `fields` (enum fastlb_hash_field) zeroed. */
static __always_inline void sticky_mask(struct fastlb_flow_key *k, const struct fastlb_flow_key *key, __u8 fields)
{
	*k = *key;
	if (!(fields & FASTLB_HF_SRC_IP))
		__builtin_memset(k->src, 0, sizeof(k->src));
	if (!(fields & FASTLB_HF_DST_IP))
		__builtin_memset(k->dst, 0, sizeof(k->dst));
	if (!(fields & FASTLB_HF_SRC_PORT))
		k->sport = 0;
	if (!(fields & FASTLB_HF_DST_PORT))
		k->dport = 0;
	if (!(fields & FASTLB_HF_PROTO))
		k->proto = 0;
}

/* The client's key in fastlb_sticky. */
static __always_inline void sticky_key(struct fastlb_sticky_key *sk, const struct fastlb_service *svc,
				       const struct fastlb_flow_key *key)
{
	sticky_mask(&sk->fields, key, svc->hash_fields);
	sk->service = svc->id;
}

/* Concurrency. A client opening several connections at once (a browser does) has their first
 * packets on several CPUs, each finding no usable entry. They must agree on one real:
 * - no entry: each inserts its pick with BPF_NOEXIST; the CPUs that lose follow the winner's;
 * - an entry no longer usable (idle past the timeout, or its real gone): the CPU whose
 *   compare-and-swap sets STICKY_CLAIMED in used_ns (times are stored even) writes its pick and then
 *   the time; the others wait out those two stores (a bounded spin: XDP runs them without
 *   preemption) and follow it.
 * real and real_gen are written and read as one 64-bit word, so no reader sees a real with
 * another's generation. */
#define STICKY_CLAIMED 1ull
#define STICKY_SPINS 64 /* reads of a claimed entry before a packet is placed on its own */
#define STICKY_REFRESH_NS 1000000000ull /* a client's last use is written at most once a second */

/* The entry's real and generation (low and high half). */
static __always_inline __u64 sticky_pair(struct fastlb_sticky *st)
{
	return *(volatile __u64 *)&st->real;
}

/* The entry's last use, once no CPU holds its claim (STICKY_CLAIMED still set if the spin ran out). */
static __always_inline __u64 sticky_used(struct fastlb_sticky *st)
{
	__u64 used = *(volatile __u64 *)&st->used_ns;
	int i;

	for (i = 0; i < STICKY_SPINS && (used & STICKY_CLAIMED); i++)
		used = *(volatile __u64 *)&st->used_ns;
	return used;
}

/* The real index of `pair` when the client may keep it: used within the timeout (a time ahead of
 * this CPU's clock is recent), and the real up, not drained, this service's, and the one chosen
 * (its index not reused since); else FASTLB_NO_REAL. */
static __always_inline __u32 sticky_usable(const struct fastlb_service *svc, __u64 pair, __u64 used, __u64 now)
{
	__u32 idx = (__u32)pair;
	struct fastlb_real *real;

	if ((used & STICKY_CLAIMED) || ((__s64)(now - used) > 0 && now - used > (__u64)svc->sticky_timeout_s * 1000000000ull))
		return FASTLB_NO_REAL;
	real = real_up(idx);
	if (!real || real->weight == 0 || real->service != svc->id || real->gen != (__u32)(pair >> 32))
		return FASTLB_NO_REAL;
	return idx;
}

/* The real of this new flow's client: the one its entry names while usable (its last use renewed),
 * else one placed by least connections, which the client then keeps; FASTLB_NO_REAL when no real
 * is eligible. */
static __noinline __u32 sticky_pick(const struct fastlb_service *svc, const struct fastlb_flow_key *key, __u64 now)
{
	struct fastlb_sticky_key sk;
	struct fastlb_sticky *st, fresh = {};
	struct fastlb_real *real;
	__u64 used = 0, pair;
	__u32 idx, mine;

	now &= ~STICKY_CLAIMED;
	sticky_key(&sk, svc, key);
	st = bpf_map_lookup_elem(&fastlb_sticky, &sk);
	if (st) {
		used = sticky_used(st);
		idx = sticky_usable(svc, sticky_pair(st), used, now);
		if (idx != FASTLB_NO_REAL) {
			if ((__s64)(now - used) > (__s64)STICKY_REFRESH_NS)
				__sync_val_compare_and_swap(&st->used_ns, used, now);
			return idx;
		}
	}
	mine = sched_least_conn(svc, 0);
	real = real_up(mine);
	if (!real)
		return FASTLB_NO_REAL;
	pair = (__u64)real->gen << 32 | mine;
	if (!st) {
		fresh.real = mine;
		fresh.real_gen = real->gen;
		fresh.used_ns = now;
		if (!bpf_map_update_elem(&fastlb_sticky, &sk, &fresh, BPF_NOEXIST))
			return mine;
		/* Another CPU's entry, inserted since the lookup. */
		st = bpf_map_lookup_elem(&fastlb_sticky, &sk);
		if (!st)
			return mine;
		used = sticky_used(st);
		idx = sticky_usable(svc, sticky_pair(st), used, now);
		if (idx != FASTLB_NO_REAL)
			return idx;
	}
	if (!(used & STICKY_CLAIMED) && __sync_val_compare_and_swap(&st->used_ns, used, now | STICKY_CLAIMED) == used) {
		*(volatile __u64 *)&st->real = pair;
		*(volatile __u64 *)&st->used_ns = now;
		return mine;
	}
	/* Another CPU claimed it: its pick, once written, is the client's. */
	used = sticky_used(st);
	idx = sticky_usable(svc, sticky_pair(st), used, now);
	return idx != FASTLB_NO_REAL ? idx : mine;
}

#endif /* FASTLB_STICKY_H */
