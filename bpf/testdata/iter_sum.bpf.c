/* Interop test object: a map-element iterator that sums the u64 values of the map it walks. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "iter.h"

/* u32 -> u64: what the iterator walks. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} t_items SEC(".maps");

/* u32 -> u16: values too small for the program (its attachment is refused). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u16);
} t_small SEC(".maps");

/* 0 -> sum of the values walked, 1 -> elements walked. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} t_sum SEC(".maps");

SEC("iter/bpf_map_elem")
int iter_sum(struct bpf_iter__bpf_map_elem *ctx)
{
	__u64 *value = ctx->value, *sum, *count;
	__u32 zero = 0, one = 1;

	if (!value)
		return 0;
	sum = bpf_map_lookup_elem(&t_sum, &zero);
	count = bpf_map_lookup_elem(&t_sum, &one);
	if (sum && count) {
		*sum += *value;
		*count += 1;
	}
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
