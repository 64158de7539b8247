/* Real selection for a new flow, by the service's algorithm: Maglev on the whole 5-tuple or on
 * chosen fields, round robin over the controller's (weighted) sequence, least connections, sticky. */
#ifndef FASTLB_SCHED_H
#define FASTLB_SCHED_H

#include "abi.h"
#include "compiler.h"
#include "flow.h"
#include "maps.h"
#include "reals.h"
#include "sched_lc.h"
#include "select.h"
#include "sticky.h"

/* The next real of the service's sequence: one shared position, taken atomically, so flows
 * follow the sequence in order whichever CPU they arrive on. */
static __always_inline struct fastlb_real *sched_round_robin(const struct fastlb_service *svc, __u32 *real_idx)
{
	__u32 id = svc->id, size = svc->ring_size, idx;
	__u64 *pos, n;

	pos = bpf_map_lookup_elem(&fastlb_rr_pos, &id);
	if (!pos || size == 0)
		return NULL;
	n = __sync_fetch_and_add(pos, 1);
	idx = sel_slot(svc, n % size);
	*real_idx = idx;
	return real_up(idx);
}

/* The hash of the key's fields in `fields` only (its own frame: the masked copy stays off the
 * main program's stack). */
static __noinline __u32 sched_fields_hash(const struct fastlb_flow_key *key, __u32 fields)
{
	struct fastlb_flow_key k;

	sticky_mask(&k, key, fields);
	return flow_hash(&k);
}

/* The Maglev pick on the hash of the chosen fields only: equal fields, equal real. */
static __always_inline struct fastlb_real *sched_hash(const struct fastlb_service *svc, const struct fastlb_flow_key *key,
						      __u32 full_hash, __u32 *real_idx)
{
	if ((svc->hash_fields & FASTLB_HF_ALL) == FASTLB_HF_ALL)
		return sel_maglev(svc, full_hash, real_idx);
	return sel_maglev(svc, sched_fields_hash(key, svc->hash_fields), real_idx);
}

/* A sticky client's real, or the least loaded one, which the client then keeps (sticky.h). */
static __always_inline struct fastlb_real *sched_sticky(const struct fastlb_service *svc, const struct fastlb_flow_key *key,
							__u64 now, __u32 *real_idx)
{
	/* Read again (a subprogram returns no map pointer): a real taken out since is not eligible. */
	*real_idx = sticky_pick(svc, key, now);
	return real_up(*real_idx);
}

/* The real for a new flow of `svc` (its index in *real_idx), or NULL when none is eligible.
 * `full_hash` is the flow's 5-tuple hash. */
static __always_inline struct fastlb_real *sched_pick(const struct fastlb_service *svc, const struct fastlb_flow_key *key,
						      __u32 full_hash, __u64 now, __u32 *real_idx)
{
	__u32 idx;

	switch (svc->algorithm) {
	case FASTLB_ALG_ROUND_ROBIN:
	case FASTLB_ALG_WEIGHTED_ROUND_ROBIN:
		return sched_round_robin(svc, real_idx);
	case FASTLB_ALG_LEAST_CONN:
	case FASTLB_ALG_WEIGHTED_LEAST_CONN:
		idx = sched_least_conn(svc, svc->algorithm == FASTLB_ALG_WEIGHTED_LEAST_CONN);
		*real_idx = idx;
		return real_up(idx);
	case FASTLB_ALG_HASH:
		return sched_hash(svc, key, full_hash, real_idx);
	case FASTLB_ALG_STICKY:
		return sched_sticky(svc, key, now, real_idx);
	default:
		return sel_maglev(svc, full_hash, real_idx);
	}
}

#endif /* FASTLB_SCHED_H */
