/* Classification: is the packet for a service, and can this program serve it. */
#ifndef FASTLB_SERVICE_H
#define FASTLB_SERVICE_H

#include "abi.h"
#include "compiler.h"
#include "flow.h"
#include "maps.h"

/* The live config of the service addressed by the flow's (dst, dport, proto, family), or NULL.
 * The id is read once from the hash entry; what follows are array slots, never freed or reused by
 * another service while a program can hold them. */
static __always_inline struct fastlb_service *svc_lookup(const struct fastlb_flow_key *key)
{
	struct fastlb_vip_key vip;
	__u32 *id, *live, cfg;

	flow_vip_key(key, &vip);
	id = bpf_map_lookup_elem(&fastlb_services, &vip);
	if (!id)
		return NULL;
	cfg = *id;
	live = bpf_map_lookup_elem(&fastlb_service_live, &cfg);
	if (!live)
		return NULL;
	cfg = FASTLB_SVC_CFG(cfg, *live & FASTLB_SVC_LIVE_COPY);
	return bpf_map_lookup_elem(&fastlb_service_cfg, &cfg);
}

/* The live config of service `id` while the key tagged `tag` names it (fastlb_service_live's tag
 * bits), else NULL: an established flow's service without the service map. */
static __always_inline struct fastlb_service *svc_tagged(__u32 id, __u32 tag)
{
	__u32 *live = bpf_map_lookup_elem(&fastlb_service_live, &id), word;

	if (!live)
		return NULL;
	word = *(volatile __u32 *)live; /* copy and tag from one read */
	if ((word >> FASTLB_SVC_LIVE_TAG_SHIFT) != tag)
		return NULL;
	id = FASTLB_SVC_CFG(id, word & FASTLB_SVC_LIVE_COPY);
	return bpf_map_lookup_elem(&fastlb_service_cfg, &id);
}

/* Only the modes and algorithms this program implements; anything else is refused before
 * any flow is pinned, never forwarded in a guessed mode. */
static __always_inline int svc_supported(const struct fastlb_service *svc)
{
	return svc->mode <= FASTLB_MODE_DSR_GUE && svc->algorithm <= FASTLB_ALG_STICKY;
}

#endif /* FASTLB_SERVICE_H */
