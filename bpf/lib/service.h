/* Classification: is the packet for a service, and can this program serve it. */
#ifndef FASTLB_SERVICE_H
#define FASTLB_SERVICE_H

#include "abi.h"
#include "compiler.h"
#include "flow.h"
#include "maps.h"
#include "vip_filter.h"

/* The live config of service `id` (an array slot, never freed or reused by another service while
 * a program can hold it), or NULL. */
static __always_inline struct fastlb_service *svc_cfg(__u32 id)
{
	__u32 *live = bpf_map_lookup_elem(&fastlb_service_live, &id);

	if (!live)
		return NULL;
	id = FASTLB_SVC_CFG(id, *live & FASTLB_SVC_LIVE_COPY);
	return bpf_map_lookup_elem(&fastlb_service_cfg, &id);
}

/* The live config of the service addressed by the flow's (dst, dport, proto, family), or NULL.
 * The id is read once from the hash entry; what follows are array slots, never freed or reused by
 * another service while a program can hold them. */
static __always_inline struct fastlb_service *svc_lookup(const struct fastlb_flow_key *key)
{
	struct fastlb_vip_key vip;
	__u32 *id;

	flow_vip_key(key, &vip);
	id = bpf_map_lookup_elem(&fastlb_services, &vip);
	return id ? svc_cfg(*id) : NULL;
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

/* The live config of the service the VIP filter's hint names for `key` when that
 * service's key is `key`, else NULL (ask the service map): a new flow's service without a hash
 * lookup. The controller writes an id's key before any hint names it and clears it before the key
 * leaves the service map. Out of line (the hash computed again): the main frame holds no more. */
static __noinline struct fastlb_service *svc_hinted(const struct fastlb_flow_key *key)
{
	__u32 hint = vip_hint(vip_hash(key)) & ~(__u32)FASTLB_VIP_HINT_STATELESS, id;
	struct fastlb_vip_key *k;

	if (!hint)
		return NULL;
	id = hint - 1;
	k = bpf_map_lookup_elem(&fastlb_service_key, &id);
	if (!k || k->addr[0] != key->dst[0] || k->addr[1] != key->dst[1] || k->addr[2] != key->dst[2] ||
	    k->addr[3] != key->dst[3] || k->port != key->dport || k->proto != key->proto || k->family != key->family)
		return NULL;
	return svc_cfg(id);
}

/* Whether `svc` keeps no connection-table entries (`stateless:`). */
static __always_inline int svc_stateless(const struct fastlb_service *svc)
{
	return svc->flags & FASTLB_SVC_F_STATELESS;
}

/* The stateless service the hint under `hash` names for `key`, confirmed, else NULL: its packets
 * skip the connection table. */
static __always_inline struct fastlb_service *svc_hinted_stateless(const struct fastlb_flow_key *key, __u32 hash)
{
	struct fastlb_service *svc;

	if (likely(!(vip_hint(hash) & FASTLB_VIP_HINT_STATELESS)))
		return NULL;
	svc = svc_hinted(key);
	return svc && svc_stateless(svc) ? svc : NULL;
}

/* Only the modes and algorithms this program implements; anything else is refused before
 * any flow is pinned, never forwarded in a guessed mode. */
static __always_inline int svc_supported(const struct fastlb_service *svc)
{
	if (svc->mode > FASTLB_MODE_DSR_GUE || svc->algorithm > FASTLB_ALG_STICKY)
		return 0;
	/* Stateless: DSR modes only (NAT needs its reverse entries), placed by a hash alone. */
	return !svc_stateless(svc) ||
	       (svc->mode != FASTLB_MODE_ROUTED && svc->mode != FASTLB_MODE_TRANSPARENT &&
		(svc->algorithm == FASTLB_ALG_MAGLEV || svc->algorithm == FASTLB_ALG_HASH));
}

#endif /* FASTLB_SERVICE_H */
