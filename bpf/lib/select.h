/* Real selection for a new flow: the slot hash % ring_size of the service's live Maglev table. */
#ifndef FASTLB_SELECT_H
#define FASTLB_SELECT_H

#include "abi.h"
#include "compiler.h"
#include "reals.h"
#include "maps.h"

/* The up real in slot hash % ring_size of the active copy, or NULL when the service has no
 * usable table (size 0 or too large, id out of range) or the slot holds no up real. */
static __always_inline struct fastlb_real *sel_maglev(const struct fastlb_service *svc, __u32 hash,
						      __u32 *real_idx)
{
	__u32 size = svc->ring_size;
	__u32 id = svc->id;
	__u32 idx, slot;
	__u32 *ring_real;
	struct fastlb_real *real;

	if (size == 0 || size > FASTLB_RING_MAX)
		return NULL;
	/* Guards the index arithmetic: no wrap into another service's table. */
	if (id >= FASTLB_MAX_SERVICES)
		return NULL;
	slot = hash % size;
	idx = FASTLB_RING_INDEX(id, svc->ring_active & 1, slot);
	ring_real = bpf_map_lookup_elem(&fastlb_rings, &idx);
	if (!ring_real)
		return NULL;
	idx = *ring_real;
	if (idx == FASTLB_NO_REAL)
		return NULL;
	real = real_up(idx);
	if (!real)
		return NULL;
	*real_idx = idx;
	return real;
}

#endif /* FASTLB_SELECT_H */
