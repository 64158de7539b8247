/* FastLb decapsulator, the real's side of L3 DSR: an IPIP, IPv6-in-IPv6 or GUE packet whose inner
 * destination is a configured VIP loses its outer headers and goes to the stack, which holds the
 * VIP on loopback and answers the client directly. Everything else passes untouched; a tunnel
 * packet with a malformed outer, GUE or inner header is dropped. Every packet is counted.
 *
 * Outer IPv6 UDP checksums are not verified: the inner packet keeps its own checksums, which the
 * stack verifies. Outer fragments pass untouched (the stack reassembles them; without tunnel
 * modules it then drops them): FastLb sends none (DF, and an MTU check before encapsulating). */
#include <linux/bpf.h>
#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "decap.h"
#include "decap_abi.h"
#include "eth.h"
#include "pkt.h"

static __always_inline __u32 decap_step(struct xdp_md *ctx, struct pkt_cursor *pc)
{
	struct fastlb_decap_config *cfg;
	struct fastlb_vip_addr vip;
	struct decap_outer o = {};
	__u32 zero = 0;
	int ret;

	if (eth_parse(pc) != FASTLB_OK)
		return FASTLB_DECAP_R_PASS_OTHER;
	cfg = bpf_map_lookup_elem(&fastlb_decap_config, &zero);
	ret = decap_outer(pc, cfg ? cfg->gue_port : 0, &o);
	if (ret != FASTLB_OK)
		return ret;
	ret = decap_inner(pc, &o, &vip);
	if (ret != FASTLB_OK)
		return ret;
	if (!bpf_map_lookup_elem(&fastlb_decap_vips, &vip))
		return FASTLB_DECAP_R_PASS_NOT_VIP;
	return decap_strip(ctx, pc, &o);
}

SEC("xdp")
int fastlb_decap(struct xdp_md *ctx)
{
	struct pkt_cursor pc = {
	    .data = (void *)(long)ctx->data,
	    .data_end = (void *)(long)ctx->data_end,
	};
	__u32 len = pc.data_end - pc.data, reason;
	struct fastlb_counter *c;

	reason = decap_step(ctx, &pc);
	c = bpf_map_lookup_elem(&fastlb_decap_stats, &reason);
	if (c) {
		c->packets += 1;
		c->bytes += len;
	}
	return reason == FASTLB_DECAP_R_DROP_MALFORMED ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
