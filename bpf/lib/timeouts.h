/* Idle timeouts by flow state: a flow idle longer than its state allows is treated as new.
 * Read-only data, written by the controller before load (DataPlane.Load): the verifier sees
 * constants, and no packet pays a map lookup for them. */
#ifndef FASTLB_TIMEOUTS_H
#define FASTLB_TIMEOUTS_H

#include <linux/in.h>

#include "abi.h"
#include "compiler.h"
#include "consts.h"

volatile const struct fastlb_timeouts fastlb_timeouts = {
    .syn_ns = 10ull * 1000000000ull,
    .established_ns = 900ull * 1000000000ull,
    .fin_ns = 30ull * 1000000000ull,
    .udp_ns = 60ull * 1000000000ull,
    .tick_ns = 0,
    .jiffies_start = 0,
};

/* The idle timeout of a flow of protocol `proto` in `state` (enum fastlb_flow_state). */
static __always_inline __u64 timeout_of(__u8 proto, __u8 state)
{
	if (proto == IPPROTO_UDP)
		return fastlb_timeouts.udp_ns;
	if (state == FASTLB_FS_ESTABLISHED)
		return fastlb_timeouts.established_ns;
	if (state == FASTLB_FS_CLOSING)
		return fastlb_timeouts.fin_ns;
	return fastlb_timeouts.syn_ns;
}

/* How long a flow's refreshed time may lag its last packet: it is rewritten only when older than
 * this (no write per packet, and in the NAT modes no reverse-entry check per packet), a sixteenth of
 * the state's timeout, at least FASTLB_FLOW_REFRESH_MIN_NS (1 s). */
static __always_inline __u64 refresh_of(__u8 proto, __u8 state)
{
	__u64 t = timeout_of(proto, state) >> 4;

	return t > FASTLB_FLOW_REFRESH_MIN_NS ? t : FASTLB_FLOW_REFRESH_MIN_NS;
}

/* Idle time (since the refreshed time) past which a flow has expired: its state's timeout plus the
 * refresh period, so a flow never expires before its timeout has passed since its last packet,
 * and at most one refresh period after. */
static __always_inline __u64 expiry_of(__u8 proto, __u8 state)
{
	return timeout_of(proto, state) + refresh_of(proto, state);
}

/* The data plane's clock in the units of fastlb_flow.refreshed. */
static __always_inline __u32 flow_time(__u64 now_ns)
{
	return (__u32)(now_ns >> FASTLB_FLOW_TIME_SHIFT);
}

/* How long the entry has been idle, in ns (at the precision of its units). */
static __always_inline __u64 flow_idle_ns(const struct fastlb_flow *flow, __u32 now)
{
	return (__u64)(__u32)(now - flow->refreshed) << FASTLB_FLOW_TIME_SHIFT;
}

#endif /* FASTLB_TIMEOUTS_H */
