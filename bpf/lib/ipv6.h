/* IPv6 header validation and the walk over a bounded chain of extension headers. */
#ifndef FASTLB_IPV6_H
#define FASTLB_IPV6_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>

#include "abi.h"
#include "compiler.h"
#include "consts.h"
#include "pkt.h"

/* Every extension header we skip starts like this; its length is (hdrlen + 1) * 8 bytes. */
struct ip6_ext_hdr {
	__u8 nexthdr;
	__u8 hdrlen;
};

/* Hop-by-hop, routing and destination options: skippable without changing the flow. */
static __always_inline int ip6_ext_skippable(__u8 nh)
{
	return nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING || nh == IPPROTO_DSTOPTS;
}

/* Decides the packet when `nh` ends the walk: TCP/UDP go on, fragments and others pass. */
static __always_inline int ip6_ext_final(__u8 nh)
{
	if (nh == IPPROTO_TCP || nh == IPPROTO_UDP)
		return FASTLB_OK;
	if (nh == IPPROTO_FRAGMENT)
		return FASTLB_R_PASS_FRAGMENT;
	return FASTLB_R_PASS_NOT_L4;
}

/* Skips one extension header at *off. Its whole length must lie inside the datagram
 * (payload_len), else the packet is malformed. */
static __always_inline int ip6_ext_skip(struct pkt_cursor *pc, __u8 *nh, __u32 *off)
{
	struct ip6_ext_hdr *ext = pc->data + *off;
	__u32 len;

	if (*off + 8 > pc->l3_end)
		return FASTLB_R_DROP_MALFORMED;
	if ((void *)(ext + 1) > pc->data_end)
		return FASTLB_R_DROP_MALFORMED;
	len = ((__u32)ext->hdrlen + 1) * 8;
	if (*off + len > pc->l3_end)
		return FASTLB_R_DROP_MALFORMED;
	*nh = ext->nexthdr;
	*off += len;
	return FASTLB_OK;
}

/* Validates the header at pc->l3_off, fills the key's addresses, walks at most
 * FASTLB_IP6_EXT_MAX extension headers and sets l4_off/l3_end/l4_proto. */
static __always_inline int ip6_parse(struct pkt_cursor *pc, struct fastlb_flow_key *key)
{
	struct ipv6hdr *ip6 = pc->data + pc->l3_off;
	__u32 frame_len, off;
	int ret, i;
	__u8 nh;

	if ((void *)(ip6 + 1) > pc->data_end)
		return FASTLB_R_DROP_MALFORMED;
	if (ip6->version != 6)
		return FASTLB_R_DROP_MALFORMED;
	frame_len = pc->data_end - pc->data;
	off = pc->l3_off + sizeof(*ip6);
	pc->l3_end = off + bpf_ntohs(ip6->payload_len);
	if (pc->l3_end > frame_len)
		return FASTLB_R_DROP_MALFORMED;

	__builtin_memcpy(key->src, &ip6->saddr, sizeof(key->src));
	__builtin_memcpy(key->dst, &ip6->daddr, sizeof(key->dst));
	key->family = FASTLB_AF_INET6;

	nh = ip6->nexthdr;
#pragma unroll
	for (i = 0; i < FASTLB_IP6_EXT_MAX; i++) {
		if (!ip6_ext_skippable(nh))
			break;
		ret = ip6_ext_skip(pc, &nh, &off);
		if (ret != FASTLB_OK)
			return ret;
	}
	/* Still an extension after the limit: a chain longer than we walk. */
	if (ip6_ext_skippable(nh))
		return FASTLB_R_PASS_IP6_EXT;
	ret = ip6_ext_final(nh);
	if (ret == FASTLB_R_PASS_FRAGMENT)
		return ret;
	/* Set for every upper layer: ICMPv6 (neighbour discovery, errors) is read from here. */
	pc->l4_proto = nh;
	pc->l4_off = off;
	return ret;
}

/* Hop limit - 1 (no header checksum in IPv6). The caller checked it is above 1. */
static __always_inline void ip6_hop_dec(struct ipv6hdr *ip6)
{
	ip6->hop_limit--;
}

#endif /* FASTLB_IPV6_H */
