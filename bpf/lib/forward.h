/* Packets for a VIP: the flow's real (pinned, or chosen for a new flow), then the service's
 * mode step, which returns the reason that decides the packet. */
#ifndef FASTLB_FORWARD_H
#define FASTLB_FORWARD_H

#include "abi.h"
#include "clock.h"
#include "compiler.h"
#include "flow.h"
#include "flows.h"
#include "mode_dsr.h"
#include "mode_encap.h"
#include "mode_routed.h"
#include "mode_transparent.h"
#include "nat.h"
#include "pkt.h"
#include "reply.h"
#include "sched.h"
#include "select.h"
#include "service.h"
#include "stats.h"
#include "vip_filter.h"

/* The NAT modes' flow state, out of line (new flows and refreshes only): a new flow's reverse
 * entry (and SNAT port, written into t->sport) before it is pinned, or an evicted one put back
 * when the flow is refreshed. FASTLB_OK, else the reason that drops the packet. */
static __noinline int fwd_nat_state(const struct lb_pkt *p, const struct fastlb_service *svc, struct flow_pin *pin,
				    struct nat_tuple *t, __u64 now)
{
	int ret;

	if (pin->is_new) {
		pin->opening = flow_first_state(p->key.proto, p->pc.tcp_flags) == FASTLB_FS_NEW;
		ret = nat_create(&p->key, svc, pin, t, flow_time(now));
		if (ret != FASTLB_OK)
			return ret;
		pin->snat_port = (svc->flags & FASTLB_SVC_F_SNAT) ? t->sport : 0;
		flow_pin_create(&p->key, pin, svc->id, now, p->pc.tcp_flags);
	} else {
		nat_refresh(&p->key, svc, pin, t, flow_time(now));
	}
	return FASTLB_OK;
}

/* The NAT modes' step: flow state when there is some to write, then the mode's rewrite. */
static __always_inline int fwd_nat(struct xdp_md *ctx, struct lb_pkt *p, const struct fastlb_service *svc,
				   struct flow_pin *pin, __u64 now)
{
	struct nat_tuple t;
	int ret;

	nat_forward_tuple(&t, &p->key, svc, pin->real, pin->snat_port);
	if (unlikely(pin->is_new || pin->refreshed)) {
		ret = fwd_nat_state(p, svc, pin, &t, now);
		pkt_reload(ctx, p);
		if (ret != FASTLB_OK)
			return ret;
	}
	if (svc->mode == FASTLB_MODE_ROUTED)
		return routed_forward(ctx, p, &t, pin->real_idx, pin->real, now);
	return transparent_forward(ctx, p, &t, pin->real_idx, pin->real, now);
}

/* Forwards a packet of service `svc` (supported) on its flow's real, pinned in `pin` (found) or
 * chosen now; counts it to its real when it leaves (or goes to the kernel for its next hop). */
static __always_inline int fwd_vip(struct xdp_md *ctx, struct lb_pkt *p, const struct fastlb_service *svc,
				   struct flow_pin *pin, int found, __u64 now, __u32 len)
{
	int reason;

	if (found != FLOWS_HIT) {
		if (found == FLOWS_ABSENT && p->key.proto == IPPROTO_TCP && !(p->pc.tcp_flags & FASTLB_TCP_SYN))
			flow_event(FASTLB_FE_MISS_NOT_SYN);
		pin->real = sched_pick(svc, &p->key, pin->hash, now, &pin->real_idx);
		if (!pin->real)
			return FASTLB_R_DROP_NO_REAL;
		pin->snat_port = 0;
		/* A stateless service's packet is placed and sent, never pinned (DSR modes only). */
		pin->is_new = !svc_stateless(svc);
	}
	if (svc->mode == FASTLB_MODE_DSR_L2) {
		if (pin->is_new)
			flow_pin_create(&p->key, pin, svc->id, now, p->pc.tcp_flags);
		reason = dsr_l2_forward(p, pin->real);
	} else if (svc->mode >= FASTLB_MODE_DSR_IPIP) {
		if (pin->is_new)
			flow_pin_create(&p->key, pin, svc->id, now, p->pc.tcp_flags);
		reason = encap_send(p, svc, pin->real_idx, pin->hash, now);
	} else {
		reason = fwd_nat(ctx, p, svc, pin, now);
	}
	if (reason == FASTLB_R_TX_FORWARD || reason == FASTLB_R_REDIRECT_FORWARD || reason == FASTLB_R_PASS_NO_NEIGH)
		stats_real(pin->real_idx, len, pin->is_new);
	return reason;
}

/* A SYN without ACK opens a connection: its flow is almost always new. Other packets are almost
 * always of a known flow, and fetching a ring slot for them would only spend a cache line. */
static __always_inline int fwd_likely_new(const struct fastlb_flow_key *key, __u8 tcp_flags)
{
	return key->proto == IPPROTO_TCP && (tcp_flags & (FASTLB_TCP_SYN | FASTLB_TCP_ACK)) == FASTLB_TCP_SYN;
}

/* While most flows this CPU pins go to far buckets (flowtab_busy: a big table, or a flood of new
 * flows), a packet's flow lookup waits for a cold bucket, and a new flow then for its ring slot: the
 * slot of the service the VIP filter's hint names (unconfirmed: only a cache line is at stake) is
 * fetched first, so the two misses overlap. Global: verified once, scalars in. */
__noinline int fwd_warm_ring(__u32 vh, __u32 hash)
{
	__u32 hint = vip_hint(vh) & ~(__u32)FASTLB_VIP_HINT_STATELESS;
	struct fastlb_service *svc;

	if (!hint)
		return 0;
	svc = svc_cfg(hint - 1);
	if (svc)
		sel_warm(svc, hash);
	return 0;
}

/* A TCP or UDP packet whose service key the VIP filter counts: forwarded, or not (no service has
 * its key after all: a NAT reply, or the kernel's). The flow is looked up first and names its
 * service, so an established flow's packet needs no service-map lookup, and a new flow's service
 * comes from the filter's hint when it is confirmed; otherwise the service map answers. */
static __always_inline int fwd_service(struct xdp_md *ctx, struct lb_pkt *p, __u32 len, __u32 vh)
{
	const struct fastlb_service *svc = NULL;
	struct flow_pin pin = {};
	__u64 now = clock_now_ns(); /* idle timeouts are seconds: a tick's precision is plenty */
	int found;

	pin.hash = flow_hash(&p->key);
	svc = svc_hinted_stateless(&p->key, vh);
	if (!svc && fwd_likely_new(&p->key, p->pc.tcp_flags) && flowtab_busy())
		fwd_warm_ring(vh, pin.hash);
	found = svc ? FLOWS_STATELESS : flows_lookup(&p->key, &svc, FASTLB_VIP_TAG(vh), now, p->pc.tcp_flags, &pin);
	if (found != FLOWS_HIT && found != FLOWS_STATELESS) {
		/* A key the filter let through, whose flow is new: the hint may name its service. */
		svc = found != FLOWS_UNCONFIRMED ? svc_hinted(&p->key) : NULL;
		if (!svc)
			svc = svc_lookup(&p->key);
		if (!svc)
			return reply_nat(ctx, p);
		/* An entry the tag did not confirm: looked up again under the service map's id. */
		if (found == FLOWS_UNCONFIRMED)
			found = svc_stateless(svc) ? FLOWS_STATELESS : flows_lookup(&p->key, &svc, 0, now, p->pc.tcp_flags, &pin);
	}
	stats_service(svc->id, len);
	if (unlikely(!svc_supported(svc)))
		return FASTLB_R_DROP_BAD_SERVICE;
	return fwd_vip(ctx, p, svc, &pin, found, now, len);
}

/* A TCP or UDP packet: a service's when the VIP filter counts its key, else never one (the
 * controller counts a key before the service map holds it and uncounts it after), so a NAT reply
 * and passing traffic go their way without a service-map lookup. */
static __always_inline int fwd_packet(struct xdp_md *ctx, struct lb_pkt *p, __u32 len)
{
	__u32 vh = vip_hash(&p->key);

	if (!vip_filter_maybe(vh))
		return reply_nat(ctx, p);
	return fwd_service(ctx, p, len, vh);
}

#endif /* FASTLB_FORWARD_H */
