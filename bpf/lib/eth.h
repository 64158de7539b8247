/* Ethernet parsing (one optional 802.1Q/802.1ad tag) and MAC helpers. */
#ifndef FASTLB_ETH_H
#define FASTLB_ETH_H

#include <linux/if_ether.h>

#include <bpf/bpf_endian.h>

#include "abi.h"
#include "compiler.h"
#include "pkt.h"

/* An 802.1Q / 802.1ad tag: TCI then the inner ethertype. */
struct eth_vlan_tag {
	__be16 tci;
	__be16 proto;
};

static __always_inline int eth_is_vlan(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

/* Sets pc->l3_off and pc->l3_proto. The tag, if any, stays in the frame. */
static __always_inline int eth_parse(struct pkt_cursor *pc)
{
	struct ethhdr *eth = pc->data;
	struct eth_vlan_tag *tag;
	__be16 proto;

	if ((void *)(eth + 1) > pc->data_end)
		return FASTLB_R_DROP_MALFORMED;
	proto = eth->h_proto;
	pc->l3_off = sizeof(*eth);
	if (eth_is_vlan(proto)) {
		tag = (void *)(eth + 1);
		if ((void *)(tag + 1) > pc->data_end)
			return FASTLB_R_DROP_MALFORMED;
		proto = tag->proto;
		pc->l3_off += sizeof(*tag);
	}
	/* Set for every ethertype: the ARP responder and the bridge read it. */
	pc->l3_proto = proto;
	if (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_IPV6))
		return FASTLB_R_PASS_NOT_IP;
	return FASTLB_OK;
}

/* Copies one 6-byte MAC address. */
static __always_inline void eth_addr_copy(__u8 *dst, const __u8 *src)
{
	__builtin_memcpy(dst, src, ETH_ALEN);
}

#endif /* FASTLB_ETH_H */
