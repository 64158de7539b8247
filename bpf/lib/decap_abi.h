/* FastLb decapsulator ABI (bpf/decap.bpf.c, the real's side of L3 DSR): its maps' keys and
 * values and its counters' reasons. C# mirrors it in src/FastLb.Interop/Abi (Decap*). */
#ifndef FASTLB_DECAP_ABI_H
#define FASTLB_DECAP_ABI_H

#include <linux/types.h>

#include "abi.h"

#ifndef FASTLB_DECAP_MAX_VIPS
#define FASTLB_DECAP_MAX_VIPS 256 /* VIPs one decapsulator accepts */
#endif

#define FASTLB_GUE_PORT_DEFAULT 6080 /* `gue-port:` when not given */

/* Why the decapsulator gave a packet its verdict: the key of fastlb_decap_stats. */
enum fastlb_decap_reason {
	FASTLB_DECAP_R_PASS_OTHER = 0, /* XDP_PASS: not a tunnel packet (nor GUE on the port), untouched */
	FASTLB_DECAP_R_PASS_DECAP = 1, /* XDP_PASS: outer headers stripped, the inner packet to the stack */
	FASTLB_DECAP_R_PASS_NOT_VIP = 2, /* XDP_PASS: a tunnel packet for no configured VIP, untouched */
	FASTLB_DECAP_R_PASS_FRAGMENT = 3, /* XDP_PASS: an outer fragment, untouched */
	FASTLB_DECAP_R_DROP_MALFORMED = 4, /* XDP_DROP: tunnel packet with a truncated or inconsistent outer,
					    * GUE or inner header */
	FASTLB_DECAP_R_MAX = 5,
};

/* Value of fastlb_decap_config (one entry, key 0). */
struct fastlb_decap_config {
	__be16 gue_port; /* UDP port GUE arrives on; 0: GUE not decapsulated */
	__u16 pad; /* zero */
};

#endif /* FASTLB_DECAP_ABI_H */
