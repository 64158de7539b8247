/* ICMP errors about L3 DSR flows (PMTU above all): the error, unchanged, goes through the
 * flow's tunnel to the real that owns the flow, so the real's stack sees it. icmp_error finds
 * the flow; the tunnel is built here, one call level up, for the stack's sake. */
#ifndef FASTLB_ICMP_ENCAP_H
#define FASTLB_ICMP_ENCAP_H

#include <linux/bpf.h>

#include "abi.h"
#include "clock.h"
#include "compiler.h"
#include "flow.h"
#include "icmp.h"
#include "mode_encap.h"
#include "pkt.h"
#include "reals.h"
#include "service.h"

/* icmp_error, then the tunnel for an error about an L3 DSR flow. */
static __always_inline int icmp_error_step(struct xdp_md *ctx, struct lb_pkt *p)
{
	struct fastlb_service *svc;
	struct icmp_scratch *s;
	__u32 zero = 0;
	int ret;

	ret = icmp_error(ctx, p);
	if (ret != ICMP_ENCAP_PENDING)
		return ret;
	s = bpf_map_lookup_elem(&fastlb_icmp_scratch, &zero);
	if (!s)
		return FASTLB_R_PASS_NOT_L4;
	svc = svc_lookup(&s->k);
	if (!svc)
		return FASTLB_R_PASS_NOT_L4;
	return encap_send(p, svc, s->encap_real, flow_hash(&s->k), clock_now_ns());
}

#endif /* FASTLB_ICMP_ENCAP_H */
