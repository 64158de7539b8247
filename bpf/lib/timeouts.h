/* Idle timeouts by flow state: a flow idle longer than its state allows is treated as new.
 * Read-only data, fixed when the program is loaded (the controller may set them before load):
 * the verifier sees constants, and no packet pays a map lookup for them. */
#ifndef FASTLB_TIMEOUTS_H
#define FASTLB_TIMEOUTS_H

#include <linux/in.h>

#include "abi.h"
#include "compiler.h"

volatile const __u64 fastlb_timeout_syn_ns = 10ull * 1000000000ull; /* TCP, only SYNs seen */
volatile const __u64 fastlb_timeout_established_ns = 900ull * 1000000000ull; /* TCP established */
volatile const __u64 fastlb_timeout_fin_ns = 30ull * 1000000000ull; /* TCP after FIN or RST */
volatile const __u64 fastlb_timeout_udp_ns = 60ull * 1000000000ull; /* UDP */

/* The idle timeout of a flow of protocol `proto` in `state` (enum fastlb_flow_state). */
static __always_inline __u64 timeout_of(__u8 proto, __u8 state)
{
	if (proto == IPPROTO_UDP)
		return fastlb_timeout_udp_ns;
	if (state == FASTLB_FS_ESTABLISHED)
		return fastlb_timeout_established_ns;
	if (state == FASTLB_FS_CLOSING)
		return fastlb_timeout_fin_ns;
	return fastlb_timeout_syn_ns;
}

#endif /* FASTLB_TIMEOUTS_H */
