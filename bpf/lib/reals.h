/* Reals by index: only an up real may receive a packet. */
#ifndef FASTLB_REALS_H
#define FASTLB_REALS_H

#include "abi.h"
#include "compiler.h"
#include "maps.h"

/* The real at an index whatever its flags, or NULL (out of range): for a subprogram re-reading a
 * real its caller already chose up (a subprogram takes no map pointer), so a real taken out in
 * between still gets the packet that passed the check, as the controller's clear allows. */
static __always_inline struct fastlb_real *real_at(__u32 idx)
{
	if (idx >= FASTLB_MAX_REALS_LIMIT)
		return NULL;
	return bpf_map_lookup_elem(&fastlb_reals, &idx);
}

/* An up real by index, or NULL (out of range, or not FASTLB_REAL_F_UP). */
static __always_inline struct fastlb_real *real_up(__u32 idx)
{
	struct fastlb_real *real = real_at(idx);

	if (!real || !(real->flags & FASTLB_REAL_F_UP))
		return NULL;
	return real;
}

#endif /* FASTLB_REALS_H */
