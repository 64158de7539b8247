/* Benchmark receiver: counts every frame (packets and bytes, per CPU) and drops it, so the
 * receiving end of a lab counts what arrived at XDP cost. IPv4 frames count under key 0, all
 * others (the kernel's own IPv6 router solicitations, ARP) under key 1. */
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>

#include <bpf/bpf_helpers.h>

struct bench_count {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct bench_count);
} bench_sink_count SEC(".maps");

SEC("xdp")
int bench_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 key = (void *)(eth + 1) <= data_end && eth->h_proto == bpf_htons(ETH_P_IP) ? 0 : 1;
	struct bench_count *c = bpf_map_lookup_elem(&bench_sink_count, &key);

	if (c) {
		c->packets++;
		c->bytes += ctx->data_end - ctx->data;
	}
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
