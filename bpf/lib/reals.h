/* Reals by index: only an up real may receive a packet. */
#ifndef FASTLB_REALS_H
#define FASTLB_REALS_H

#include "abi.h"
#include "compiler.h"
#include "maps.h"

/* An up real by index, or NULL (out of range, or not FASTLB_REAL_F_UP). */
static __always_inline struct fastlb_real *real_up(__u32 idx)
{
	struct fastlb_real *real;

	if (idx >= FASTLB_MAX_REALS_LIMIT)
		return NULL;
	real = bpf_map_lookup_elem(&fastlb_reals, &idx);
	if (!real || !(real->flags & FASTLB_REAL_F_UP))
		return NULL;
	return real;
}

#endif /* FASTLB_REALS_H */
