/* Inline transparent bridging: with FASTLB_TOPO_F_BRIDGE, a frame FastLb does not handle
 * crosses unchanged to the other port, as through a switch. */
#ifndef FASTLB_BRIDGE_H
#define FASTLB_BRIDGE_H

#include "abi.h"
#include "compiler.h"
#include "pkt.h"

/* REDIRECT_BRIDGE (p->port = the other port) for a frame that would pass unchanged to the
 * kernel, when the topology bridges; else `reason` as it is. Drops stay drops. */
static __always_inline __u32 bridge_step(struct lb_pkt *p, __u32 reason)
{
	if (!(p->topo->flags & FASTLB_TOPO_F_BRIDGE) || !pkt_inline(p))
		return reason;
	switch (reason) {
	case FASTLB_R_PASS_NOT_IP:
	case FASTLB_R_PASS_NOT_VIP:
	case FASTLB_R_PASS_FRAGMENT:
	case FASTLB_R_PASS_NOT_L4:
	case FASTLB_R_PASS_IP6_EXT:
		break;
	default:
		return reason;
	}
	p->port = pkt_from_inside(p) ? FASTLB_PORT_OUTSIDE : FASTLB_PORT_INSIDE;
	return FASTLB_R_REDIRECT_BRIDGE;
}

#endif /* FASTLB_BRIDGE_H */
