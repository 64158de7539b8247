/* Benchmark frame source: writes the original frame back from a map on every run (at its original
 * offset: a head grown by an encapsulating program is shrunk back first) and varies
 * one flow (an address byte and a port) from a counter, then either tail-calls the program
 * under test (bench_harness, for BPF_PROG_TEST_RUN, whose repeats never restore the frame) or
 * sends it (bench_gen, for live-frame generation). bench_tail_tx is the harness baseline's
 * target: it only returns XDP_TX. */
#include <linux/bpf.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define BENCH_FRAME_MAX 256
#define BENCH_PORT_BASE 10000 /* varied ports run BENCH_PORT_BASE .. + BENCH_PORT_SPAN - 1 */
#define BENCH_PORT_SPAN 50000

/* The frame to restore and how to vary it. flows == 0: a new flow every run (the counter is
 * not wrapped); else the counter runs modulo flows. Offsets are from the Ethernet header. */
struct bench_frame {
	__u32 len; /* frame bytes, 14..BENCH_FRAME_MAX */
	__u32 flows; /* distinct flows to cycle through; 0 = never repeat; 1 = one flow */
	__u16 addr_off; /* byte of an address raised by counter / BENCH_PORT_SPAN */
	__u16 port_off; /* port set to BENCH_PORT_BASE + counter % BENCH_PORT_SPAN */
	__u32 stride; /* > 1: the counter's flow n is visited as (n * stride) % flows, a permutation when
		       * stride and flows are coprime: the flows out of the order they were opened in */
	__u32 per_cpu; /* 1: each CPU counts its own runs and raises the address byte by 128 more per CPU
			* number, so two CPUs running at once vary distinct flows (the first 6.4 M each) */
	__u8 data[BENCH_FRAME_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bench_frame);
} bench_frames SEC(".maps");

/* 0 -> runs so far (one test run at a time drives it, so a plain add suffices). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bench_counter SEC(".maps");

/* 0 -> runs so far on this CPU (bench_frame.per_cpu): CPUs running at once share no line. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bench_cpu_counter SEC(".maps");

/* 0 -> the program under test. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} bench_target SEC(".maps");

/* Restores and varies the frame: 0, or -1 when the frame cannot be restored. */
static __always_inline int bench_restore(struct xdp_md *ctx)
{
	__u32 zero = 0, len, cur, flow, cpu_step = 0;
	struct bench_frame *f;
	__u64 *counter, n;
	void *data, *data_end;
	__u8 *addr;
	__be16 *port;

	f = bpf_map_lookup_elem(&bench_frames, &zero);
	if (!f)
		return -1;
	if (f->per_cpu) {
		counter = bpf_map_lookup_elem(&bench_cpu_counter, &zero);
		cpu_step = bpf_get_smp_processor_id() * 128;
	} else {
		counter = bpf_map_lookup_elem(&bench_counter, &zero);
	}
	if (!counter)
		return -1;
	len = f->len;
	if (len < 14 || len > BENCH_FRAME_MAX)
		return -1;
	/* A longer frame had headers pushed in front (encapsulation): the head goes back to where the
	 * frame started. A shorter one was cut at its tail. */
	cur = ctx->data_end - ctx->data;
	if (cur > len && bpf_xdp_adjust_head(ctx, (int)(cur - len)))
		return -1;
	if (cur < len && bpf_xdp_adjust_tail(ctx, (int)(len - cur)))
		return -1;
	if (bpf_xdp_store_bytes(ctx, 0, f->data, len))
		return -1;
	if (f->flows == 1)
		return 0;
	n = (*counter)++;
	if (f->flows)
		n %= f->flows;
	if (f->flows && f->stride > 1)
		n = (n * f->stride) % f->flows;
	flow = (__u32)n;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (f->addr_off >= BENCH_FRAME_MAX || f->port_off >= BENCH_FRAME_MAX)
		return -1;
	addr = data + f->addr_off;
	port = data + f->port_off;
	if ((void *)(addr + 1) > data_end || (void *)(port + 1) > data_end)
		return -1;
	*addr += flow / BENCH_PORT_SPAN + cpu_step;
	*port = bpf_htons(BENCH_PORT_BASE + flow % BENCH_PORT_SPAN);
	return 0;
}

SEC("xdp")
int bench_harness(struct xdp_md *ctx)
{
	if (bench_restore(ctx))
		return XDP_ABORTED;
	bpf_tail_call(ctx, &bench_target, 0);
	return XDP_ABORTED;
}

SEC("xdp")
int bench_gen(struct xdp_md *ctx)
{
	if (bench_restore(ctx))
		return XDP_ABORTED;
	return XDP_TX;
}

SEC("xdp")
int bench_tail_tx(struct xdp_md *ctx) { return XDP_TX; }

char LICENSE[] SEC("license") = "Dual BSD/GPL";
