/* Benchmark baselines: bounces every frame unchanged (the cost floor of XDP_TX), and the same after
 * one bpf_xdp_adjust_head (the price of the call the harness makes to shrink a head that an
 * encapsulating program grew, taken out of the L3 DSR rows' net figures). */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#define XDP_TX_HEAD_STEP 20 /* an outer IPv4 header */

SEC("xdp")
int xdp_tx_only(struct xdp_md *ctx) { return XDP_TX; }

/* Whether the head is grown now: one test run at a time drives it, so a plain store suffices. */
__u32 xdp_tx_head_grown;

/* BPF_PROG_TEST_RUN keeps the head between repeats: one repeat grows it, the next shrinks it back,
 * so every repeat pays exactly one call, as the harness's shrink does. */
SEC("xdp")
int xdp_tx_adjust_head(struct xdp_md *ctx)
{
	int delta = xdp_tx_head_grown ? XDP_TX_HEAD_STEP : -XDP_TX_HEAD_STEP;

	if (bpf_xdp_adjust_head(ctx, delta))
		return XDP_ABORTED;
	xdp_tx_head_grown = !xdp_tx_head_grown;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
