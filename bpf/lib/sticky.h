/* Sticky clients: a client (the flow-key fields in hash_fields, default its source address) keeps
 * the real its first flow was given by least connections until it has been idle for the
 * service's sticky timeout, or its real goes down, is drained or leaves the service. */
#ifndef FASTLB_STICKY_H
#define FASTLB_STICKY_H

#include "abi.h"
#include "compiler.h"
#include "maps.h"
#include "reals.h"

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

/* The real the client of this new flow sticks to (its last use renewed), or FASTLB_NO_REAL when it
 * has none: unknown, idle past the timeout, or its real is down, drained (weight 0), another
 * service's or another real (the index was reused). */
static __noinline __u32 sticky_find(const struct fastlb_service *svc, const struct fastlb_flow_key *key, __u64 now)
{
	struct fastlb_sticky_key sk;
	struct fastlb_sticky *st;
	struct fastlb_real *real;
	__u32 idx;

	sticky_key(&sk, svc, key);
	st = bpf_map_lookup_elem(&fastlb_sticky, &sk);
	if (!st || now - st->used_ns > (__u64)svc->sticky_timeout_s * 1000000000ull)
		return FASTLB_NO_REAL;
	idx = st->real;
	real = real_up(idx);
	if (!real || real->weight == 0 || real->service != svc->id || real->gen != st->real_gen)
		return FASTLB_NO_REAL;
	st->used_ns = now;
	return idx;
}

/* Remembers real `idx` (generation `gen`) for the client of this new flow. */
static __noinline void sticky_store(const struct fastlb_service *svc, const struct fastlb_flow_key *key, __u64 now,
				    __u32 idx, __u32 gen)
{
	struct fastlb_sticky_key sk;
	struct fastlb_sticky st = {.real = idx, .real_gen = gen, .used_ns = now};

	sticky_key(&sk, svc, key);
	bpf_map_update_elem(&fastlb_sticky, &sk, &st, BPF_ANY);
}

#endif /* FASTLB_STICKY_H */
