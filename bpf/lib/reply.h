/* Packets not for a VIP that answer a NAT'd flow: looked up by their own 5-tuple in
 * the NAT table and sent back to the client from the VIP. */
#ifndef FASTLB_REPLY_H
#define FASTLB_REPLY_H

#include "abi.h"
#include "clock.h"
#include "compiler.h"
#include "maps.h"
#include "mode_routed.h"
#include "mode_transparent.h"
#include "nat.h"
#include "pkt.h"

/* REPLY reasons for a hit, PASS_NOT_VIP for a packet of no NAT'd flow. */
static __noinline int reply_nat(struct xdp_md *ctx, struct lb_pkt *p)
{
	struct fastlb_nat *nat = nat_lookup(&p->key);
	struct nat_tuple t;

	pkt_reload(ctx, p);
	if (!nat)
		return FASTLB_R_PASS_NOT_VIP;
	__builtin_memcpy(t.src, nat->vip, sizeof(t.src));
	__builtin_memcpy(t.dst, nat->client, sizeof(t.dst));
	t.sport = nat->vip_port;
	t.dport = nat->client_port;
	if (nat->mode == FASTLB_MODE_ROUTED)
		return routed_reply(ctx, p, &t, nat, clock_now_ns());
	return transparent_reply(ctx, p, &t, nat);
}

#endif /* FASTLB_REPLY_H */
