/* The connection table's storage: an array of buckets of FASTLB_FLOW_WAYS slots, a slot being a
 * flow's key and what it was given in one 64-byte cache line. A flow may sit in one of three buckets,
 * all at addresses known from its hash: its near bucket, one of the table's first 4 MiB, while that
 * has room, so a few thousand flows share a few hundred pages of a table sized for millions instead
 * of taking a TLB entry each; else the emptier of two far buckets in the rest of the table (two
 * choices, so a well filled table still places every flow). A bucket records that one of its flows went
 * further (FASTLB_FLOW_B_OVERFLOW), so a lookup reads further buckets only then; a kernel hash map
 * reads a bucket pointer and then the element it points to. No LRU lists: when no slot is free a new
 * flow takes the candidate that matters least (flowtab_rank), oldest first among equals.
 *
 * A slot is written under its sequence number: odd while a CPU writes it, taken with a 64-bit
 * cmpxchg of the word it shares with fastlb_flow.real (BPF has no 32-bit cmpxchg without ALU32)
 * and never waited for (a writer that loses gives up; the packet is still forwarded). A reader
 * that finds it odd, or changed after it copied the slot, treats the slot as absent. Readers and
 * the releasing store rely on x86-64 ordering (loads not reordered with loads, stores with
 * stores). */
#ifndef FASTLB_FLOWTAB_H
#define FASTLB_FLOWTAB_H

#include <linux/in.h>

#include "abi.h"
#include "compiler.h"
#include "maps.h"
#include "timeouts.h"

/* Buckets - 1 (a power of two minus one): written before load with the table's size. */
volatile const __u32 fastlb_flow_mask = FASTLB_FLOWS_MAX / FASTLB_FLOW_WAYS - 1;

/* The flow's near bucket: one of the table's first FASTLB_FLOW_NEAR_BUCKETS (4 MiB). */
static __always_inline __u32 flowtab_near(__u32 hash)
{
	return hash & fastlb_flow_mask & (FASTLB_FLOW_NEAR_BUCKETS - 1);
}

/* A far bucket for hash `h`: beyond the near ones when the table has more (multiply-shift onto
 * the rest, so near buckets keep their slots for their own flows), else anywhere. */
static __always_inline __u32 flowtab_far(__u32 h)
{
	__u32 buckets = fastlb_flow_mask + 1;

	if (buckets <= FASTLB_FLOW_NEAR_BUCKETS)
		return h & fastlb_flow_mask;
	return FASTLB_FLOW_NEAR_BUCKETS + (__u32)(((__u64)h * (buckets - FASTLB_FLOW_NEAR_BUCKETS)) >> 32);
}

/* The flow's two far buckets: integer mixes of the hash, so flows sharing a bucket spread. */
static __always_inline __u32 flowtab_far1(__u32 hash)
{
	return flowtab_far(hash_mix32(hash));
}

static __always_inline __u32 flowtab_far2(__u32 hash)
{
	return flowtab_far(hash_mix32(hash_mix32(hash)));
}

/* How much a slot matters, least first: a new flow takes the lowest rank, and a SYN-only flow
 * never a live established one (a SYN flood cannot evict them). */
enum flowtab_rank {
	FLOWTAB_FREE = 0, /* empty, or idle past its state's timeout */
	FLOWTAB_CLOSING = 1, /* FIN or RST seen, not yet expired */
	FLOWTAB_SYN = 2, /* only SYNs seen */
	FLOWTAB_LIVE = 3, /* established */
};

#define flowtab_barrier() asm volatile("" ::: "memory")

/* The slot's sequence (low half) and real (high half) as one 64-bit word. */
static __always_inline __u64 flowtab_word(struct fastlb_flow_slot *slot)
{
	return *(volatile __u64 *)&slot->flow.seq;
}

/* flowtab_choose's answer: candidate (bits 2-3: near, first or second far bucket; bits 0-1: way),
 * rank (bits 4-5), and whether the slot holds the flow's own entry; FLOWTAB_PICK_NONE when every
 * candidate is being written. */
#define FLOWTAB_PICK_WAY 3u
#define FLOWTAB_PICK_FAR1 4u
#define FLOWTAB_PICK_FAR2 8u
#define FLOWTAB_PICK_FAR (FLOWTAB_PICK_FAR1 | FLOWTAB_PICK_FAR2)
#define FLOWTAB_PICK_RANK_SHIFT 4
#define FLOWTAB_PICK_RANK(p) (((p) >> FLOWTAB_PICK_RANK_SHIFT) & 3)
#define FLOWTAB_PICK_SELF 0x40u
#define FLOWTAB_PICK_NONE 0xffffffffu

static __always_inline int flowtab_key_eq(const struct fastlb_flow_key *a, const struct fastlb_flow_key *b)
{
	const __u32 *x = (const __u32 *)a, *y = (const __u32 *)b;
	__u32 diff = 0;

	/* Another flow's key (or an empty slot's) almost always differs in the source address or the
	 * ports: those two words first, the other eight only for a likely match. */
	if (x[0] != y[0] || x[8] != y[8])
		return 0;
#pragma unroll
	for (int i = 0; i < (int)(sizeof(*a) / sizeof(__u32)); i++)
		diff |= x[i] ^ y[i];
	return diff == 0;
}

/* The rank of a stable slot's entry `flow` (key `k`) at time `now`. */
static __always_inline __u8 flowtab_rank(const struct fastlb_flow_key *k, const struct fastlb_flow *flow, __u32 now)
{
	if (k->family == 0 || flow_idle_ns(flow, now) > expiry_of(k->proto, flow->state))
		return FLOWTAB_FREE;
	if (flow->state == FASTLB_FS_CLOSING)
		return FLOWTAB_CLOSING;
	if (flow->state == FASTLB_FS_NEW)
		return FLOWTAB_SYN;
	return FLOWTAB_LIVE;
}

/* True when a flow whose near (first far) bucket is `b` may sit further (FASTLB_FLOW_B_OVERFLOW). */
static __always_inline int flowtab_overflowed(struct fastlb_flow_bucket *b)
{
	return *(volatile __u8 *)&b->slot[0].flow.bucket_flags & FASTLB_FLOW_B_OVERFLOW;
}

/* True when `slot`, not being written, holds `key`; its sequence word then in `*word`. */
static __always_inline int flowtab_holds(struct fastlb_flow_slot *slot, const struct fastlb_flow_key *key, __u64 *word)
{
	__u64 w = flowtab_word(slot);

	if (w & 1)
		return 0;
	flowtab_barrier();
	if (!flowtab_key_eq(&slot->key, key))
		return 0;
	*word = w;
	return 1;
}

/* The way of the first `ways` of bucket `b` holding `key`, its sequence word in `*word`;
 * FASTLB_FLOW_WAYS when none. */
static __always_inline __u32 flowtab_find_in(struct fastlb_flow_bucket *b, const struct fastlb_flow_key *key,
					     __u64 *word, const __u32 ways)
{
#pragma unroll
	for (__u32 i = 0; i < ways; i++)
		if (flowtab_holds(&b->slot[i], key, word))
			return i;
	return FASTLB_FLOW_WAYS;
}

/* Where the flow's entry is (its near bucket, then its far ones) as FLOWTAB_PICK_* candidate bits,
 * its sequence word in `*word`; FLOWTAB_PICK_NONE when the table has none. What the caller then
 * reads from the slot (flowtab_slot) holds only if flowtab_stable says so afterwards. A global
 * function, for the reason flowtab_weigh is one. */
__noinline __u32 flowtab_find(const struct fastlb_flow_key *key, __u32 hash, __u64 *word)
{
	struct fastlb_flow_bucket *b, *b1, *b2;
	__u32 idx = flowtab_near(hash), way;

	if (!key || !word)
		return FLOWTAB_PICK_NONE;
	b = bpf_map_lookup_elem(&fastlb_flows, &idx);
	if (!b)
		return FLOWTAB_PICK_NONE;
	way = flowtab_find_in(b, key, word, FASTLB_FLOW_WAYS);
	if (way < FASTLB_FLOW_WAYS)
		return way;
	if (!flowtab_overflowed(b))
		return FLOWTAB_PICK_NONE; /* no flow of this bucket went further */
	idx = flowtab_far1(hash);
	b1 = bpf_map_lookup_elem(&fastlb_flows, &idx);
	idx = flowtab_far2(hash);
	b2 = bpf_map_lookup_elem(&fastlb_flows, &idx);
	if (!b1 || !b2)
		return FLOWTAB_PICK_NONE;
	/* Touch the second far bucket before searching the first: on a miss (a new flow) in a well
	 * filled table both cold misses are in flight at once. */
	(void)flowtab_word(&b2->slot[0]);
	way = flowtab_find_in(b1, key, word, FASTLB_FLOW_WAYS);
	if (way < FASTLB_FLOW_WAYS)
		return FLOWTAB_PICK_FAR1 | way;
	if (!flowtab_overflowed(b1))
		return FLOWTAB_PICK_NONE;
	way = flowtab_find_in(b2, key, word, FASTLB_FLOW_WAYS);
	return way < FASTLB_FLOW_WAYS ? (FLOWTAB_PICK_FAR2 | way) : FLOWTAB_PICK_NONE;
}

/* This CPU's count of flow event `event` since load. */
static __always_inline __u64 flowtab_events(__u32 event)
{
	__u64 *n = bpf_map_lookup_elem(&fastlb_flow_events, &event);

	return n ? *n : 0;
}

/* True when more than 7 in 8 of the flows this CPU pinned went to a far bucket: most flows live
 * there, and a lookup starts the first far bucket's miss before it searches the near one (a flow
 * in its near bucket then pays a far bucket's TLB miss for nothing: with 100 k flows in the
 * default table, half of them near, that cost more than it saved). */
static __always_inline int flowtab_busy(void)
{
	__u64 far = flowtab_events(FASTLB_FE_PLACED_FAR);

	return far && far * 8 > (flowtab_events(FASTLB_FE_NEW) + flowtab_events(FASTLB_FE_NEW_SYN)) * 7;
}

/* The flow's slot when it is one of the first two of its near bucket (where most flows are while
 * they are few): the common case without a call. NULL: look further. */
static __always_inline struct fastlb_flow_slot *flowtab_first(const struct fastlb_flow_key *key, __u32 hash,
							      __u64 *word)
{
	__u32 idx = flowtab_near(hash), far, way;
	struct fastlb_flow_bucket *b = bpf_map_lookup_elem(&fastlb_flows, &idx), *f;

	if (!b)
		return NULL;
	if (flowtab_busy()) {
		/* The far bucket's miss in flight while the near one is searched. */
		far = flowtab_far1(hash);
		f = bpf_map_lookup_elem(&fastlb_flows, &far);
		if (f)
			(void)flowtab_word(&f->slot[0]);
	}
	way = flowtab_find_in(b, key, word, 2);
	return way < 2 ? &b->slot[way & 1] : NULL;
}

/* True when no CPU has written `slot` since its sequence word was `word`: what was read from it
 * in between is one entry, not a mix of two. */
static __always_inline int flowtab_stable(struct fastlb_flow_slot *slot, __u64 word)
{
	flowtab_barrier();
	return flowtab_word(slot) == word;
}

/* flowtab_weigh's answer, packed: the bucket's pick (FLOWTAB_PICK_* bits) in bits 0-7, its free
 * slots in bits 8-15, bit 16 its FASTLB_FLOW_B_OVERFLOW, the pick's score (rank << 28 | youth: the
 * lowest wins) in bits 32-63. */
#define FLOWTAB_W_FREE(w) (((w) >> 8) & 0xff)
#define FLOWTAB_W_SCORE(w) ((__u32)((w) >> 32))
#define FLOWTAB_W_PICK(w) ((__u32)(w) & 0xff)
#define FLOWTAB_W_OVERFLOW(w) ((w) & 0x10000)
#define FLOWTAB_W_NONE 0xffffffff000000ffull

/* Weighs bucket `idx`'s slots as the home of a new entry for `key` (`which`: the bucket's
 * FLOWTAB_PICK_FAR* bits): the flow's own entry wins outright; else the lowest rank,
 * then the longest idle. Returns the packed answer, the pick's sequence word in `*word`. Global, so
 * the verifier checks its many outcomes once and its callers see one unknown answer. */
__noinline __u64 flowtab_weigh(__u32 idx, __u32 which, const struct fastlb_flow_key *key, __u32 now, __u64 *word)
{
	struct fastlb_flow_bucket *b;
	struct fastlb_flow_slot *slot;
	__u32 score, best = 0xffffffffu, pick = 0xff, free = 0, rank;
	__u64 w;

	if (!key || !word)
		return FLOWTAB_W_NONE;
	b = bpf_map_lookup_elem(&fastlb_flows, &idx);
	if (!b)
		return FLOWTAB_W_NONE;
#pragma unroll
	for (__u32 i = 0; i < FASTLB_FLOW_WAYS; i++) {
		slot = &b->slot[i];
		w = flowtab_word(slot);
		if (w & 1)
			continue;
		flowtab_barrier();
		rank = flowtab_rank(&slot->key, &slot->flow, now);
		if (flowtab_key_eq(&slot->key, key)) {
			*word = w;
			return which | i | (rank << FLOWTAB_PICK_RANK_SHIFT) | FLOWTAB_PICK_SELF;
		}
		free += rank == FLOWTAB_FREE;
		score = (rank << 28) | (0x0fffffffu - ((now - slot->flow.refreshed) >> 4));
		if (score >= best)
			continue;
		best = score;
		pick = which | i | (rank << FLOWTAB_PICK_RANK_SHIFT);
		*word = w;
	}
	return ((__u64)best << 32) | (flowtab_overflowed(b) ? 0x10000 : 0) | (free << 8) | pick;
}

/* A new flow stays in its near (else first far) bucket while that has this many free slots: lookups
 * then mostly read one bucket (uniform hashing, a quarter full: 2 % of flows beyond their first
 * choice against 23 % for always the emptier bucket), at the price of a bucket full a little
 * earlier. A bucket whose mark says one of its flows went further still takes new flows when it
 * has room again (the mark is for good), so near buckets keep serving a table that churns. */
#define FLOWTAB_SPARE 2

/* True when weighed bucket `w` takes a new flow before looking further. A flow that had an entry
 * (`has_entry`) may have it in a later bucket, which it must take over rather than leave a stale
 * copy: for it, only a bucket none of whose flows went further. */
static __always_inline int flowtab_roomy(__u64 w, __u8 has_entry)
{
	return FLOWTAB_W_FREE(w) >= FLOWTAB_SPARE && !(has_entry && FLOWTAB_W_OVERFLOW(w));
}

/* Of two weighed candidates, the one a new flow takes: a free slot first (the bucket with more),
 * else the lower score; `a` on a tie. */
static __always_inline __u64 flowtab_better(__u64 a, __u64 b)
{
	if (FLOWTAB_W_PICK(b) == 0xff)
		return a;
	if (FLOWTAB_W_PICK(a) == 0xff || FLOWTAB_W_FREE(b) > FLOWTAB_W_FREE(a) ||
	    (!FLOWTAB_W_FREE(a) && !FLOWTAB_W_FREE(b) && FLOWTAB_W_SCORE(b) < FLOWTAB_W_SCORE(a)))
		return b;
	return a;
}

/* Chooses the slot a new entry for `key` takes among its three buckets and returns it as
 * FLOWTAB_PICK_* bits, its sequence word in `*word`: the flow's own stale entry; else a free slot
 * of the near bucket while it is roomy; else of the first far bucket while that is roomy; else of
 * the far bucket with more free slots, and the near one only when neither far has any; else the
 * lowest rank, then the longest idle, of the three. */
static __always_inline __u32 flowtab_choose(const struct fastlb_flow_key *key, __u32 hash, __u32 now, __u8 has_entry,
					     __u64 *word)
{
	__u64 wn = 0, w1 = 0, w2 = 0, n, a, b, far, best;
	__u32 p;

	n = flowtab_weigh(flowtab_near(hash), 0, key, now, &wn);
	p = FLOWTAB_W_PICK(n);
	if (p != 0xff && ((p & FLOWTAB_PICK_SELF) || flowtab_roomy(n, has_entry))) {
		*word = wn;
		return p;
	}
	a = flowtab_weigh(flowtab_far1(hash), FLOWTAB_PICK_FAR1, key, now, &w1);
	p = FLOWTAB_W_PICK(a);
	if (p != 0xff && ((p & FLOWTAB_PICK_SELF) || flowtab_roomy(a, has_entry))) {
		*word = w1;
		return p;
	}
	b = flowtab_weigh(flowtab_far2(hash), FLOWTAB_PICK_FAR2, key, now, &w2);
	p = FLOWTAB_W_PICK(b);
	if (p != 0xff && (p & FLOWTAB_PICK_SELF)) {
		*word = w2;
		return p;
	}
	/* A free far slot before the near bucket's last ones: the near bucket already overflowed, or
	 * keeps its spare slots for flows with nowhere else to go. */
	far = flowtab_better(a, b);
	best = FLOWTAB_W_FREE(far) ? far : flowtab_better(far, n);
	p = FLOWTAB_W_PICK(best);
	if (p == 0xff)
		return FLOWTAB_PICK_NONE;
	*word = (p & FLOWTAB_PICK_FAR2) ? w2 : (p & FLOWTAB_PICK_FAR1) ? w1 : wn;
	return p;
}

/* Marks bucket `idx`: one of its flows went further. */
static __always_inline void flowtab_mark(__u32 idx)
{
	struct fastlb_flow_bucket *b = bpf_map_lookup_elem(&fastlb_flows, &idx);

	if (b && !flowtab_overflowed(b))
		b->slot[0].flow.bucket_flags |= FASTLB_FLOW_B_OVERFLOW;
}

/* Marks the buckets a flow passes over before it takes a slot of far bucket `pick`: lookups
 * search on. */
static __always_inline void flowtab_mark_overflow(__u32 hash, __u32 pick)
{
	flowtab_mark(flowtab_near(hash));
	if (pick & FLOWTAB_PICK_FAR2)
		flowtab_mark(flowtab_far1(hash));
}

/* Candidate `pick` (FLOWTAB_PICK_* bits) of the flow with hash `hash`: its slot, or NULL. */
static __always_inline struct fastlb_flow_slot *flowtab_slot(__u32 hash, __u32 pick)
{
	struct fastlb_flow_bucket *b;
	__u32 idx = (pick & FLOWTAB_PICK_FAR2) ? flowtab_far2(hash) :
		    (pick & FLOWTAB_PICK_FAR1) ? flowtab_far1(hash) : flowtab_near(hash);

	b = bpf_map_lookup_elem(&fastlb_flows, &idx);
	if (!b)
		return NULL;
	return &b->slot[pick & FLOWTAB_PICK_WAY];
}

/* Claims `slot` if its sequence word is still `word`: 1 with its sequence now odd, 0 when another
 * CPU wrote it since. */
static __always_inline int flowtab_claim(struct fastlb_flow_slot *slot, __u64 word)
{
	if (word & 1)
		return 0;
	return __sync_val_compare_and_swap((__u64 *)&slot->flow.seq, word, word + 1) == word;
}

/* Makes a slot claimed from `word` stable again, pinned to `real`: sequence two past `word`'s,
 * stored after every other write to the slot. */
static __always_inline void flowtab_release(struct fastlb_flow_slot *slot, __u64 word, __u32 real)
{
	flowtab_barrier();
	*(volatile __u64 *)&slot->flow.seq = ((__u64)real << 32) | (__u32)((__u32)word + 2);
}

#endif /* FASTLB_FLOWTAB_H */
