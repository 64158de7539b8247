/* Which packets may belong to a service, before any hash-map lookup: a counting filter over the
 * service keys (VIP, port, protocol, family), kept by the controller, and beside each counter a
 * hint of one service id with that hash. "No" is exact: the controller counts a key before the
 * service map holds it and uncounts it after the key left (ServiceTable.Update and Delete), so a NAT
 * reply and passing traffic skip the service map and the connection table. "Maybe" lets a packet
 * find its flow first and its service by the id the entry holds, or a new flow its service by the
 * hint, confirmed against the service's key (forward.h, service.h). */
#ifndef FASTLB_VIP_FILTER_H
#define FASTLB_VIP_FILTER_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "flow_hash.h"

/* Eight one-byte counters per word: counter (vip_hash & 0xffff) counts the service keys with that
 * hash (FASTLB_VIP_FILTER_STUCK sticks). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_VIP_FILTER_WORDS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
} fastlb_vip_filter SEC(".maps");

/* Filter counter -> 1 + the id of a service whose key has that counter's hash (0: none), with
 * FASTLB_VIP_HINT_STATELESS when that service is stateless: where a new flow's service may be found
 * without the hash map, confirmed by fastlb_service_key (service.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_VIP_FILTER_WORDS * 8);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
} fastlb_vip_hint SEC(".maps");

/* The hash of the service key a flow key addresses: its five words (as fastlb_vip_key lays them
 * out) weighted apart, then mixed (VipIndex.Hash in C# is the same function). */
static __always_inline __u32 vip_hash(const struct fastlb_flow_key *key)
{
	__u32 h = key->dst[0] + key->dst[1] * 0x9e3779b1u + key->dst[2] * 0x85ebca6bu + key->dst[3] * 0xc2b2ae35u +
		  ((__u32)key->dport | (__u32)key->proto << 16 | (__u32)key->family << 24) * 0x27d4eb2fu;

	return hash_mix32(h);
}

/* Whether a service key may have hash `hash`. */
static __always_inline int vip_filter_maybe(__u32 hash)
{
	__u32 word = (hash & 0xffff) >> 3;
	__u64 *w = bpf_map_lookup_elem(&fastlb_vip_filter, &word);

	return w && ((*w >> ((hash & 7) * 8)) & 0xff);
}

/* The hint under `hash` (0: none). */
static __always_inline __u32 vip_hint(__u32 hash)
{
	__u32 slot = hash & 0xffff, *hint = bpf_map_lookup_elem(&fastlb_vip_hint, &slot);

	return hint ? *hint : 0;
}

#endif /* FASTLB_VIP_FILTER_H */
