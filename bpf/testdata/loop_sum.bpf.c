/* Interop test object: a syscall program that sums a range of an array with bpf_loop, the range
 * given as its context. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

/* u32 -> u64: what the program sums. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} t_items SEC(".maps");

/* The context: the first element and how many. */
struct loop_sum_range {
	__u32 first;
	__u32 count;
};

/* 0 -> the sum of the last run, 1 -> the elements it read. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} t_sum SEC(".maps");

/* Adds `n` to t_sum[which]. */
static __always_inline void loop_sum_add(__u32 which, __u64 n)
{
	__u64 *total = bpf_map_lookup_elem(&t_sum, &which);

	if (total)
		*total += n;
}

static long loop_sum_one(__u64 i, void *arg)
{
	__u32 idx = *(__u32 *)arg + (__u32)i;
	__u64 *v = bpf_map_lookup_elem(&t_items, &idx);

	if (!v)
		return 1; /* past the end */
	loop_sum_add(0, *v);
	loop_sum_add(1, 1);
	return 0;
}

SEC("syscall")
int loop_sum(struct loop_sum_range *range)
{
	__u32 first = range->first;

	return bpf_loop(range->count, loop_sum_one, &first, 0) < 0 ? 1 : 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
