/* L2 direct server return: only the Ethernet addresses change; the real owns the VIP. */
#ifndef FASTLB_DSR_H
#define FASTLB_DSR_H

#include <linux/bpf.h>
#include <linux/if_ether.h>

#include "abi.h"
#include "compiler.h"
#include "eth.h"
#include "maps.h"

/* Ethernet dst = the real's MAC, src = this interface's MAC; IP, ports, TTL and checksums
 * stay as they are. Returns 0, or -1 when the frame or the config cannot be read. */
static __always_inline int dsr_l2_rewrite(struct xdp_md *ctx, const struct fastlb_real *real)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct fastlb_topology *cfg;
	__u32 zero = 0;

	if ((void *)(eth + 1) > data_end)
		return -1;
	cfg = bpf_map_lookup_elem(&fastlb_topology, &zero);
	if (!cfg)
		return -1;
	eth_addr_copy(eth->h_dest, real->mac);
	eth_addr_copy(eth->h_source, cfg->mac);
	return 0;
}

#endif /* FASTLB_DSR_H */
