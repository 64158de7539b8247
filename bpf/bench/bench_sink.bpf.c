/* Benchmark receiver: counts every frame (packets and bytes, per CPU) and drops it, so the
 * receiving end of a lab counts what arrived at XDP cost. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

struct bench_count {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_count);
} bench_sink_count SEC(".maps");

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct bench_count *c = bpf_map_lookup_elem(&bench_sink_count, &zero);

	if (c) {
		c->packets++;
		c->bytes += ctx->data_end - ctx->data;
	}
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
