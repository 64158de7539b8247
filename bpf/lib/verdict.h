/* From the reason that decided a packet to the XDP action: each reason has one verdict;
 * the redirecting ones go through fastlb_ports. */
#ifndef FASTLB_VERDICT_H
#define FASTLB_VERDICT_H

#include <linux/bpf.h>

#include "abi.h"
#include "compiler.h"
#include "maps.h"

/* The one verdict each reason stands for. */
static __always_inline int verdict_of(__u32 reason)
{
	switch (reason) {
	case FASTLB_R_TX_FORWARD:
	case FASTLB_R_TX_REPLY:
	case FASTLB_R_TX_NEIGH_REPLY:
	case FASTLB_R_TX_ICMP_ERROR:
		return XDP_TX;
	case FASTLB_R_REDIRECT_FORWARD:
	case FASTLB_R_REDIRECT_REPLY:
	case FASTLB_R_REDIRECT_BRIDGE:
	case FASTLB_R_REDIRECT_ICMP_ERROR:
		return XDP_REDIRECT;
	case FASTLB_R_PASS_NOT_IP:
	case FASTLB_R_PASS_NOT_VIP:
	case FASTLB_R_PASS_FRAGMENT:
	case FASTLB_R_PASS_NOT_L4:
	case FASTLB_R_PASS_IP6_EXT:
	case FASTLB_R_PASS_NO_NEIGH:
		return XDP_PASS;
	default:
		return XDP_DROP;
	}
}

/* The action for *reason; a redirect to a port missing from fastlb_ports becomes
 * DROP_NO_ROUTE (written back to *reason so the count says what happened). */
static __always_inline int verdict_emit(__u32 *reason, __u32 port)
{
	int act = verdict_of(*reason);

	if (act == XDP_REDIRECT) {
		act = bpf_redirect_map(&fastlb_ports, port, 0);
		if (act != XDP_REDIRECT) {
			*reason = FASTLB_R_DROP_NO_ROUTE;
			act = XDP_DROP;
		}
	}
	return act;
}

#endif /* FASTLB_VERDICT_H */
