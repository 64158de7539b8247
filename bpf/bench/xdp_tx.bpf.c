/* Benchmark baseline: bounces every frame unchanged (the cost floor of XDP_TX). */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_tx_only(struct xdp_md *ctx) { return XDP_TX; }

char LICENSE[] SEC("license") = "Dual BSD/GPL";
