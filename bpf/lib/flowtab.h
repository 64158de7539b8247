/* The connection table's storage: an array of buckets of FASTLB_FLOW_WAYS slots, a slot being a
 * flow's key and what it was given in one 64-byte cache line. A flow may sit in either of two
 * buckets (two hashes of its key; a new flow goes to the first unless it is nearly full and the
 * second emptier), so a well filled table still places it; a lookup reads the slots of at most two
 * buckets at addresses known from the hash alone, so their cache misses overlap, where a kernel hash
 * map reads a bucket pointer and then the element it points to. No LRU lists: when no slot is free a new flow takes the candidate that
 * matters least (flowtab_rank), oldest first among equals.
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

/* flowtab_choose's answer: candidate (bit 2: second bucket, bits 0-1: way), rank, and whether the
 * slot holds the flow's own entry; FLOWTAB_PICK_NONE when every candidate is being written. */
#define FLOWTAB_PICK_WAY 3u
#define FLOWTAB_PICK_SECOND 4u
#define FLOWTAB_PICK_RANK_SHIFT 3
#define FLOWTAB_PICK_SELF 0x40u
#define FLOWTAB_PICK_NONE 0xffffffffu

/* The second bucket: an integer mix of the hash, so flows sharing the first bucket spread. */
static __always_inline __u32 flowtab_second(__u32 hash)
{
	return hash_mix32(hash);
}

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
	if (k->family == 0 || flow_idle_ns(flow, now) > timeout_of(k->proto, flow->state))
		return FLOWTAB_FREE;
	if (flow->state == FASTLB_FS_CLOSING)
		return FLOWTAB_CLOSING;
	if (flow->state == FASTLB_FS_NEW)
		return FLOWTAB_SYN;
	return FLOWTAB_LIVE;
}

/* True when a flow whose first bucket is `b` may sit in its second (FASTLB_FLOW_B_OVERFLOW). */
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

/* Where the flow's entry is (its first bucket, then its second) as FLOWTAB_PICK_* candidate bits,
 * its sequence word in `*word`; FLOWTAB_PICK_NONE when the table has none. What the caller then
 * reads from the slot (flowtab_slot) holds only if flowtab_stable says so afterwards. A global
 * function, for the reason flowtab_weigh is one. */
__noinline __u32 flowtab_find(const struct fastlb_flow_key *key, __u32 hash, __u64 *word)
{
	struct fastlb_flow_bucket *b, *b2;
	__u32 idx = hash & fastlb_flow_mask, idx2 = flowtab_second(hash) & fastlb_flow_mask, way;

	if (!key || !word)
		return FLOWTAB_PICK_NONE;
	b = bpf_map_lookup_elem(&fastlb_flows, &idx);
	b2 = bpf_map_lookup_elem(&fastlb_flows, &idx2);
	if (!b || !b2)
		return FLOWTAB_PICK_NONE;
	/* Touch the second bucket before searching the first: on a miss (a new flow) in a well filled
	 * table both cold misses are in flight at once. */
	(void)flowtab_word(&b2->slot[0]);
	way = flowtab_find_in(b, key, word, FASTLB_FLOW_WAYS);
	if (way < FASTLB_FLOW_WAYS)
		return way;
	if (!flowtab_overflowed(b))
		return FLOWTAB_PICK_NONE; /* no flow of this bucket went to its second */
	way = flowtab_find_in(b2, key, word, FASTLB_FLOW_WAYS);
	return way < FASTLB_FLOW_WAYS ? (FLOWTAB_PICK_SECOND | way) : FLOWTAB_PICK_NONE;
}

/* The flow's slot when it is one of the first two of its first bucket (where most flows are, and
 * the ones flows take in a sparse table): the common case without a call. NULL: look further. */
static __always_inline struct fastlb_flow_slot *flowtab_first(const struct fastlb_flow_key *key, __u32 hash,
							      __u64 *word)
{
	__u32 idx = hash & fastlb_flow_mask, way;
	struct fastlb_flow_bucket *b = bpf_map_lookup_elem(&fastlb_flows, &idx);

	if (!b)
		return NULL;
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

/* Weighs bucket `idx`'s slots as the home of a new entry for `key` (`second`: FLOWTAB_PICK_SECOND
 * when it is the flow's second bucket): the flow's own entry wins outright; else the lowest rank,
 * then the longest idle. Returns the packed answer, the pick's sequence word in `*word`. Global, so
 * the verifier checks its many outcomes once and its callers see one unknown answer. */
__noinline __u64 flowtab_weigh(__u32 idx, __u32 second, const struct fastlb_flow_key *key, __u32 now, __u64 *word)
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
			return second | i | (rank << FLOWTAB_PICK_RANK_SHIFT) | FLOWTAB_PICK_SELF;
		}
		free += rank == FLOWTAB_FREE;
		score = (rank << 28) | (0x0fffffffu - ((now - slot->flow.refreshed) >> 4));
		if (score >= best)
			continue;
		best = score;
		pick = second | i | (rank << FLOWTAB_PICK_RANK_SHIFT);
		*word = w;
	}
	return ((__u64)best << 32) | (flowtab_overflowed(b) ? 0x10000 : 0) | (free << 8) | pick;
}

/* A new flow stays in its first bucket while that has this many free slots: lookups then mostly
 * read one bucket (uniform hashing, a quarter full: 2 % of flows in their second bucket against 23 %
 * for always the emptier bucket), at the price of a first bucket full a little earlier (half full:
 * 0.026 % of new flows find no free slot, against 0.0008 %). */
#define FLOWTAB_SPARE 2

/* Chooses the slot a new entry for `key` takes among its two buckets' and returns it as
 * FLOWTAB_PICK_* bits, its sequence word in `*word`: the flow's own stale entry; else a free slot of
 * the first bucket while it has FLOWTAB_SPARE, else of the bucket with more (the first on a tie);
 * else the lower rank, then the longer idle. */
static __always_inline __u32 flowtab_choose(const struct fastlb_flow_key *key, __u32 hash, __u32 now, __u64 *word)
{
	__u64 w1 = 0, w2 = 0, a, b;
	__u32 pa, pb;

	a = flowtab_weigh(hash & fastlb_flow_mask, 0, key, now, &w1);
	pa = FLOWTAB_W_PICK(a);
	if (pa != 0xff && ((pa & FLOWTAB_PICK_SELF) || (FLOWTAB_W_FREE(a) >= FLOWTAB_SPARE && !FLOWTAB_W_OVERFLOW(a)))) {
		*word = w1;
		return pa; /* the flow's own slot, or a free one where the second bucket cannot hold the flow */
	}
	b = flowtab_weigh(flowtab_second(hash) & fastlb_flow_mask, FLOWTAB_PICK_SECOND, key, now, &w2);
	pb = FLOWTAB_W_PICK(b);
	if (pb != 0xff && ((pb & FLOWTAB_PICK_SELF) ||
			   (FLOWTAB_W_FREE(a) < FLOWTAB_SPARE && FLOWTAB_W_FREE(b) > FLOWTAB_W_FREE(a)) ||
			   (!FLOWTAB_W_FREE(a) && !FLOWTAB_W_FREE(b) && FLOWTAB_W_SCORE(b) < FLOWTAB_W_SCORE(a)))) {
		*word = w2;
		return pb;
	}
	*word = w1;
	return pa == 0xff ? FLOWTAB_PICK_NONE : pa;
}

/* Marks the flow's first bucket before the flow takes a slot of its second: lookups search there. */
static __always_inline void flowtab_mark_overflow(__u32 hash)
{
	__u32 idx = hash & fastlb_flow_mask;
	struct fastlb_flow_bucket *b = bpf_map_lookup_elem(&fastlb_flows, &idx);

	if (b && !flowtab_overflowed(b))
		b->slot[0].flow.bucket_flags |= FASTLB_FLOW_B_OVERFLOW;
}

/* Candidate `pick` (FLOWTAB_PICK_* bits) of the flow with hash `hash`: its slot, or NULL. */
static __always_inline struct fastlb_flow_slot *flowtab_slot(__u32 hash, __u32 pick)
{
	struct fastlb_flow_bucket *b;
	__u32 idx = (pick & FLOWTAB_PICK_SECOND) ? flowtab_second(hash) : hash;

	idx &= fastlb_flow_mask;
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
