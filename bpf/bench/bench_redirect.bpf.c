/* Benchmark ceiling: redirects every frame to the interface in bench_redirect_port[0] and
 * does nothing else, the least an XDP forwarder can do. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bench_redirect_port SEC(".maps");

SEC("xdp")
int bench_redirect(struct xdp_md *ctx) { return bpf_redirect_map(&bench_redirect_port, 0, XDP_DROP); }

char LICENSE[] SEC("license") = "Dual BSD/GPL";
