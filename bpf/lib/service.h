/* Classification: is the packet for a service, and can this program serve it. */
#ifndef FASTLB_SERVICE_H
#define FASTLB_SERVICE_H

#include "abi.h"
#include "compiler.h"
#include "flow.h"
#include "maps.h"

/* The service addressed by the flow's (dst, dport, proto, family), or NULL. */
static __always_inline struct fastlb_service *svc_lookup(const struct fastlb_flow_key *key)
{
	struct fastlb_vip_key vip;

	flow_vip_key(key, &vip);
	return bpf_map_lookup_elem(&fastlb_services, &vip);
}

/* Only the modes and algorithms this program implements; anything else is refused before
 * any flow is pinned, never forwarded in a guessed mode. */
static __always_inline int svc_supported(const struct fastlb_service *svc)
{
	return svc->mode <= FASTLB_MODE_TRANSPARENT && svc->algorithm == FASTLB_ALG_MAGLEV;
}

#endif /* FASTLB_SERVICE_H */
