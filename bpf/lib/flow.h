/* Flow key extraction (Ethernet -> IP -> L4 into a fastlb_flow_key) and the flow hash. */
#ifndef FASTLB_FLOW_H
#define FASTLB_FLOW_H

#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>

#include "abi.h"
#include "compiler.h"
#include "eth.h"
#include "ipv4.h"
#include "ipv6.h"
#include "flow_hash.h"
#include "l4.h"
#include "pkt.h"

#define FLOW_KEY_WORDS (sizeof(struct fastlb_flow_key) / sizeof(__u32))

_Static_assert(sizeof(struct fastlb_flow_key) == 40, "flow key is 10 words");

/* Fills `key` (zeroed here, padding included) from the frame, or returns the reason
 * that decides the packet. */
static __always_inline int flow_extract(struct pkt_cursor *pc, struct fastlb_flow_key *key)
{
	int ret;

	__builtin_memset(key, 0, sizeof(*key));
	ret = eth_parse(pc);
	if (ret != FASTLB_OK)
		return ret;
	if (pc->l3_proto == bpf_htons(ETH_P_IP))
		ret = ip4_parse(pc, key);
	else
		ret = ip6_parse(pc, key);
	if (ret != FASTLB_OK)
		return ret;
	return l4_parse(pc, key);
}

/* The key as the service map sees it: destination, port, protocol, family. */
static __always_inline void flow_vip_key(const struct fastlb_flow_key *key,
					 struct fastlb_vip_key *vip)
{
	__builtin_memset(vip, 0, sizeof(*vip));
	__builtin_memcpy(vip->addr, key->dst, sizeof(vip->addr));
	vip->port = key->dport;
	vip->proto = key->proto;
	vip->family = key->family;
}

/* flow_hash.h over the key's 10 words in memory order, seeded with FASTLB_HASH_SEED. */
static __always_inline __u32 flow_hash(const struct fastlb_flow_key *key)
{
	return flow_hash_words((const __u32 *)key, FASTLB_HASH_SEED);
}

#endif /* FASTLB_FLOW_H */
