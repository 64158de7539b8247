/* Recount of the connection table (a syscall program walking fastlb_flows' buckets with bpf_loop):
 * its entries, and per real index the flows that count as active there (open, not idle past their
 * state's timeout, pinned under the index's current generation). The controller compares the counts
 * with fastlb_real_active, which misses flows that expired without a packet or were dropped in a
 * race, and corrects it. Runs only when the controller runs it (BPF_PROG_TEST_RUN), never on a
 * packet. A syscall program rather than a map iterator: a kernel locked down refuses tracing
 * programs, iterators among them, and takes this. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#define CLOCK_FALLBACK_NS bpf_ktime_get_ns /* syscall programs may not call the coarse clock */

#include "abi.h"
#include "clock.h"
#include "compiler.h"
#include "flows_map.h" /* fastlb_flows: the controller hands this object the data plane's before the load */
#include "timeouts.h"

/* Keys of flow_count_totals. */
enum flow_count_total {
	FLOW_COUNT_ENTRIES = 0, /* entries past their SYN in the table */
	FLOW_COUNT_ACTIVE = 1, /* of which active */
	FLOW_COUNT_SYN_ENTRIES = 2, /* entries of flows that have sent only SYNs */
	FLOW_COUNT_SYN_ACTIVE = 3, /* of which active */
	FLOW_COUNT_TOTALS = 4,
};

/* Real index -> active flows counted in this run (the controller zeroes it before each run). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, __u64);
} flow_count_active SEC(".maps");

/* Real index -> the generation it holds now (0: no real): flows of an earlier holder do not count. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, __u32);
} flow_count_gens SEC(".maps");

/* enum flow_count_total -> count in this run (zeroed by the controller before each run). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FLOW_COUNT_TOTALS);
	__type(key, __u32);
	__type(value, __u64);
} flow_count_totals SEC(".maps");

/* Adds one to flow_count_totals[which]. */
static __always_inline void flow_count_total(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&flow_count_totals, &which);

	if (n)
		*n += 1;
}

/* Counts one slot's entry. */
static __always_inline void flow_count_slot(const struct fastlb_flow_slot *slot, __u32 now)
{
	const struct fastlb_flow *flow = &slot->flow;
	__u32 idx, *gen, syn = flow->state == FASTLB_FS_NEW ? FLOW_COUNT_SYN_ENTRIES : FLOW_COUNT_ENTRIES;
	__u64 *n;

	if (slot->key.family == 0)
		return;
	flow_count_total(syn);
	if (flow->state == FASTLB_FS_CLOSING || flow_idle_ns(flow, now) > expiry_of(slot->key.proto, flow->state))
		return;
	idx = flow->real;
	gen = bpf_map_lookup_elem(&flow_count_gens, &idx);
	if (!gen || *gen == 0 || *gen != flow->real_gen)
		return;
	n = bpf_map_lookup_elem(&flow_count_active, &idx);
	if (n)
		*n += 1;
	flow_count_total(syn + 1); /* the matching ACTIVE */
}

/* What a run walks, from the controller (the run's context): bpf_loop takes at most 8 Mi steps, and
 * a table of 2^26 slots has 16 Mi buckets, so a large table is walked in several runs. */
struct flow_count_range {
	__u32 first; /* first bucket */
	__u32 count; /* buckets */
};

/* bpf_loop's state: the first bucket and the clock of this run. */
struct flow_count_walk {
	__u32 first;
	__u32 now;
};

static long flow_count_bucket(__u64 i, void *arg)
{
	struct flow_count_walk *walk = arg;
	__u32 idx = walk->first + (__u32)i;
	const struct fastlb_flow_bucket *bucket = bpf_map_lookup_elem(&fastlb_flows, &idx);

	if (!bucket)
		return 1; /* past the end of the table */
#pragma unroll
	for (int w = 0; w < FASTLB_FLOW_WAYS; w++)
		flow_count_slot(&bucket->slot[w], walk->now);
	return 0;
}

SEC("syscall")
int flow_count(struct flow_count_range *range)
{
	struct flow_count_walk walk = { .first = range->first, .now = flow_time(clock_now_ns()) };

	return bpf_loop(range->count, flow_count_bucket, &walk, 0) < 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
