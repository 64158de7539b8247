/* Least connections: the eligible real (the service's ring lists them, each once) with the fewest
 * active flows, per unit of weight when weighted. Exact up to FASTLB_LC_SCAN_MAX reals (a scan by
 * bpf_loop, verified once whatever the count; ties go to the first listed); a larger pool compares
 * two reals drawn at random (power of two choices: load within a small factor of the best, at
 * constant cost). */
#ifndef FASTLB_SCHED_LC_H
#define FASTLB_SCHED_LC_H

#include "abi.h"
#include "active.h"
#include "compiler.h"
#include "consts.h"
#include "maps.h"
#include "reals.h"
#include "select.h"

/* The scan's state: the service's table and the best candidate so far. */
struct lc_scan {
	__u32 id; /* service id */
	__u32 size; /* entries of its table */
	__u32 copy; /* live copy of the table */
	__u32 weighted; /* divide by weight (else weight 1) */
	__u64 load; /* active flows of the best */
	__u32 weight; /* its weight */
	__u32 idx; /* its real index, FASTLB_NO_REAL while none */
};

/* Considers the real in slot `slot`: it becomes the best when strictly less loaded
 * (load_a / w_a < load_b / w_b, compared as load_a * w_b < load_b * w_a). Returns 0 (go on). */
static long lc_consider(__u64 slot, void *arg)
{
	struct lc_scan *s = arg;
	struct fastlb_real *real;
	__u32 idx = sel_slot_of(s->id, s->size, s->copy, (__u32)slot);
	__u64 load;
	__u32 w;

	if (idx == FASTLB_NO_REAL)
		return 0;
	real = real_up(idx);
	if (!real || real->weight == 0)
		return 0;
	w = s->weighted ? real->weight : 1;
	load = active_of(idx);
	if (s->idx == FASTLB_NO_REAL || load * s->weight < s->load * w) {
		s->load = load;
		s->weight = w;
		s->idx = idx;
	}
	return 0;
}

/* The least loaded eligible real of `svc`, or FASTLB_NO_REAL. */
static __noinline __u32 sched_least_conn(const struct fastlb_service *svc, int weighted)
{
	struct lc_scan s = {
	    .id = svc->id,
	    .size = svc->ring_size,
	    .copy = svc->ring_active,
	    .weighted = weighted,
	    .idx = FASTLB_NO_REAL,
	};

	if (s.size == 0 || s.size > FASTLB_RING_MAX)
		return FASTLB_NO_REAL;
	if (s.size <= FASTLB_LC_SCAN_MAX) {
		bpf_loop(s.size, lc_consider, &s, 0);
	} else {
		lc_consider(bpf_get_prandom_u32() % s.size, &s);
		lc_consider(bpf_get_prandom_u32() % s.size, &s);
	}
	return s.idx;
}

#endif /* FASTLB_SCHED_LC_H */
