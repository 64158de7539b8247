/* IPv4 header validation: options skipped by IHL, fragments left to the kernel. */
#ifndef FASTLB_IPV4_H
#define FASTLB_IPV4_H

#include <linux/ip.h>

#include <bpf/bpf_endian.h>

#include "abi.h"
#include "compiler.h"
#include "csum.h"
#include "pkt.h"

#define IP4_FRAG_MASK 0x3fff /* MF flag and fragment offset */

/* Validates the header at pc->l3_off, fills the key's addresses, sets l4_off/l3_end/l4_proto.
 * Ethernet padding after tot_len is allowed; tot_len past the frame is not. */
static __always_inline int ip4_parse(struct pkt_cursor *pc, struct fastlb_flow_key *key)
{
	struct iphdr *iph = pc->data + pc->l3_off;
	__u32 hlen, tot_len, frame_len;

	if ((void *)(iph + 1) > pc->data_end)
		return FASTLB_R_DROP_MALFORMED;
	if (iph->version != 4 || iph->ihl < 5)
		return FASTLB_R_DROP_MALFORMED;
	hlen = iph->ihl * 4;
	frame_len = pc->data_end - pc->data;
	if (pc->l3_off + hlen > frame_len)
		return FASTLB_R_DROP_MALFORMED;
	tot_len = bpf_ntohs(iph->tot_len);
	if (tot_len < hlen || pc->l3_off + tot_len > frame_len)
		return FASTLB_R_DROP_MALFORMED;
	if (iph->frag_off & bpf_htons(IP4_FRAG_MASK))
		return FASTLB_R_PASS_FRAGMENT;

	key->src[0] = iph->saddr;
	key->dst[0] = iph->daddr;
	key->family = FASTLB_AF_INET;
	pc->l4_proto = iph->protocol;
	pc->l4_off = pc->l3_off + hlen;
	pc->l3_end = pc->l3_off + tot_len;
	return FASTLB_OK;
}

/* TTL - 1 with the header checksum updated (TTL shares its 16-bit word with the protocol).
 * The caller checked the TTL is above 1. */
static __always_inline void ip4_ttl_dec(struct iphdr *iph)
{
	__be16 *word = (__be16 *)&iph->ttl;
	__be16 old = *word;

	iph->ttl--;
	iph->check = csum_apply(iph->check, csum_diff16(old, *word));
}

#endif /* FASTLB_IPV4_H */
