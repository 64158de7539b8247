/* Benchmark baselines: read one line of a 256 MiB table, a different and scattered one on every
 * packet, then bounce the frame. The table is the size of the default connection table, so the
 * read costs what a lookup among a million flows pays at least: a cache miss and a TLB miss.
 * xdp_cold_line's reads are independent, so the CPU overlaps several packets' misses; in
 * xdp_cold_chain each address needs the previous packet's read, so every packet waits for its own
 * miss, as a program whose per-packet work is too long to reach the next packet's lookup early
 * does. The 1 M-flow rows are read beside them. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#define COLD_LINES (1u << 22)	/* 64-byte lines: 256 MiB, the default table's 4 Mi slots */
#define COLD_STRIDE 2654435761u /* odd: n * stride mod 2^22 visits every line once per 2^22 packets */

struct cold_line {
	__u64 word[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, COLD_LINES);
	__type(key, __u32);
	__type(value, struct cold_line);
} xdp_cold_lines SEC(".maps");

/* Packets so far, and the last word read: one test run at a time drives them, so plain stores. */
__u32 xdp_cold_packets;
__u64 xdp_cold_last;

/* The line of packet n, shifted by `link` (the table is zero: a chain's link adds nothing but the wait). */
static __always_inline int cold_read(__u64 link, int chain)
{
	__u32 idx = ((xdp_cold_packets++ + (__u32)link) * COLD_STRIDE) & (COLD_LINES - 1);
	struct cold_line *line = bpf_map_lookup_elem(&xdp_cold_lines, &idx);

	if (!line)
		return XDP_DROP;
	if (chain)
		xdp_cold_last = line->word[0];
	/* The table never holds 1: the branch keeps the read without changing the verdict. */
	return line->word[0] == 1 ? XDP_DROP : XDP_TX;
}

SEC("xdp")
int xdp_cold_line(struct xdp_md *ctx) { return cold_read(0, 0); }

SEC("xdp")
int xdp_cold_chain(struct xdp_md *ctx) { return cold_read(xdp_cold_last, 1); }

char LICENSE[] SEC("license") = "Dual BSD/GPL";
