/* The service's live selection table (double-buffered in fastlb_rings, one inner table per copy)
 * and the Maglev pick: slot hash % ring_size. */
#ifndef FASTLB_SELECT_H
#define FASTLB_SELECT_H

#include "abi.h"
#include "compiler.h"
#include "reals.h"
#include "maps.h"

/* The pair of ring entries holding slot `slot` of copy `copy` of the service's table, or NULL when
 * the service has no usable table (size 0 or too large, no inner table) or the slot is past it.
 * The inner lookup bounds-checks against the table's own size too. */
static __always_inline __u32 *sel_pair_of(__u32 id, __u32 size, __u32 copy, __u32 slot)
{
	__u32 outer, key;
	void *table;

	if (size == 0 || size > FASTLB_RING_MAX || slot >= size)
		return NULL;
	outer = FASTLB_RING_OUTER(id, copy & 1);
	table = bpf_map_lookup_elem(&fastlb_rings, &outer);
	if (!table)
		return NULL;
	key = slot / FASTLB_RING_PAIR;
	return bpf_map_lookup_elem(table, &key);
}

/* The real index in slot `slot` of copy `copy` of the service's table, or FASTLB_NO_REAL when the
 * service has no usable table or the slot is past it. */
static __always_inline __u32 sel_slot_of(__u32 id, __u32 size, __u32 copy, __u32 slot)
{
	__u32 *pair = sel_pair_of(id, size, copy, slot);

	return pair ? pair[slot % FASTLB_RING_PAIR] : FASTLB_NO_REAL;
}

static __always_inline __u32 sel_slot(const struct fastlb_service *svc, __u32 slot)
{
	return sel_slot_of(svc->id, svc->ring_size, svc->ring_active, slot);
}

/* Starts the cache miss of the ring slot a new flow with `hash` would read (Maglev, or a hash over
 * every field), and waits for nothing: the value is not used. */
static __always_inline void sel_warm(const struct fastlb_service *svc, __u32 hash)
{
	__u32 *pair;

	if (svc->ring_size == 0)
		return;
	if (svc->algorithm != FASTLB_ALG_MAGLEV &&
	    !(svc->algorithm == FASTLB_ALG_HASH && (svc->hash_fields & FASTLB_HF_ALL) == FASTLB_HF_ALL))
		return;
	pair = sel_pair_of(svc->id, svc->ring_size, svc->ring_active, hash % svc->ring_size);
	if (pair)
		(void)*(volatile __u32 *)pair;
}

/* The up real in slot hash % ring_size of the active copy, or NULL when the service has no
 * usable table or the slot holds no up real. */
static __always_inline struct fastlb_real *sel_maglev(const struct fastlb_service *svc, __u32 hash,
						      __u32 *real_idx)
{
	struct fastlb_real *real;
	__u32 idx;

	if (svc->ring_size == 0)
		return NULL;
	idx = sel_slot(svc, hash % svc->ring_size);
	if (idx == FASTLB_NO_REAL)
		return NULL;
	real = real_up(idx);
	if (!real)
		return NULL;
	*real_idx = idx;
	return real;
}

#endif /* FASTLB_SELECT_H */
