/* L2 direct server return: only the Ethernet addresses change; the real owns the VIP. */
#ifndef FASTLB_MODE_DSR_H
#define FASTLB_MODE_DSR_H

#include <linux/if_ether.h>

#include "abi.h"
#include "compiler.h"
#include "eth.h"
#include "pkt.h"

/* Ethernet dst = the real's MAC, src = this interface's MAC; IP, ports, TTL and checksums
 * stay as they are. */
static __always_inline int dsr_l2_forward(struct lb_pkt *p, const struct fastlb_real *real)
{
	struct ethhdr *eth = p->pc.data;

	/* Cannot fail after a successful parse; counted as malformed rather than sent. */
	if ((void *)(eth + 1) > p->pc.data_end)
		return FASTLB_R_DROP_MALFORMED;
	eth_addr_copy(eth->h_dest, real->mac);
	eth_addr_copy(eth->h_source, p->topo->mac);
	return FASTLB_R_TX_FORWARD;
}

#endif /* FASTLB_MODE_DSR_H */
