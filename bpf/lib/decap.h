/* The real's side of L3 DSR: recognising IPIP, IPv6-in-IPv6 and GUE packets for a configured
 * VIP and stripping their outer headers so the stack sees the client's packet as sent. */
#ifndef FASTLB_DECAP_H
#define FASTLB_DECAP_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "decap_abi.h"
#include "eth.h"
#include "pkt.h"

#define DECAP_OUTER_MAX 256 /* outer bytes stripped at most (IPv6 + UDP + GUE with options) */

/* VIP address -> 0: inner destinations the decapsulator accepts. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FASTLB_DECAP_MAX_VIPS);
	__type(key, struct fastlb_vip_addr);
	__type(value, __u32);
} fastlb_decap_vips SEC(".maps");

/* 0 -> the GUE port. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fastlb_decap_config);
} fastlb_decap_config SEC(".maps");

/* enum fastlb_decap_reason -> packets and bytes, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_DECAP_R_MAX);
	__type(key, __u32);
	__type(value, struct fastlb_counter);
} fastlb_decap_stats SEC(".maps");

/* A tunnel packet found by the outer parse. */
struct decap_outer {
	__u32 inner;	 /* inner IP header offset */
	__u32 end;	 /* one past the outer datagram */
	__u8 inner_proto; /* IPPROTO_IPIP or IPPROTO_IPV6 */
	__u8 pad[3];
};

/* GUE in a UDP datagram at `off` (the outer's payload, ending at o->end) on the GUE port. */
static __always_inline int decap_gue(struct pkt_cursor *pc, __u32 off, __be16 port, struct decap_outer *o)
{
	struct udphdr *uh = pc->data + off;
	__u8 *g;
	__u32 ulen;

	if (off > PKT_OFF_MAX)
		return FASTLB_DECAP_R_PASS_OTHER;
	if ((void *)(uh + 1) > pc->data_end)
		return FASTLB_DECAP_R_PASS_OTHER;
	if (port == 0 || uh->dest != port)
		return FASTLB_DECAP_R_PASS_OTHER;
	ulen = bpf_ntohs(uh->len);
	if (ulen < sizeof(*uh) + 4 || off + ulen > o->end)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	g = (void *)(uh + 1);
	if ((void *)(g + 4) > pc->data_end)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	if (g[0] & 0xe0) /* version 0 data messages only: FastLb sends no other */
		return FASTLB_DECAP_R_DROP_MALFORMED;
	if (g[1] != IPPROTO_IPIP && g[1] != IPPROTO_IPV6)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	o->inner_proto = g[1];
	o->inner = off + sizeof(*uh) + 4 + (g[0] & 0x1f) * 4;
	o->end = off + ulen;
	return FASTLB_OK;
}

/* The outer header at pc->l3_off: a tunnel packet fills `o`, else the reason. */
static __always_inline int decap_outer(struct pkt_cursor *pc, __be16 port, struct decap_outer *o)
{
	__u32 frame_len = pc->data_end - pc->data, off = pc->l3_off;
	__u8 proto;

	if (off > PKT_OFF_MAX)
		return FASTLB_DECAP_R_PASS_OTHER;
	if (pc->l3_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = pc->data + off;
		__u32 hlen, tot;

		if ((void *)(iph + 1) > pc->data_end || iph->version != 4)
			return FASTLB_DECAP_R_PASS_OTHER;
		proto = iph->protocol;
		if (proto != IPPROTO_IPIP && proto != IPPROTO_IPV6 && proto != IPPROTO_UDP)
			return FASTLB_DECAP_R_PASS_OTHER;
		hlen = iph->ihl * 4;
		tot = bpf_ntohs(iph->tot_len);
		if (hlen < sizeof(*iph) || tot < hlen || off + tot > frame_len)
			return proto == IPPROTO_UDP ? FASTLB_DECAP_R_PASS_OTHER : FASTLB_DECAP_R_DROP_MALFORMED;
		if (iph->frag_off & bpf_htons(0x3fff))
			return FASTLB_DECAP_R_PASS_FRAGMENT;
		o->end = off + tot;
		off += hlen;
	} else {
		struct ipv6hdr *ip6 = pc->data + off;

		if ((void *)(ip6 + 1) > pc->data_end || ip6->version != 6)
			return FASTLB_DECAP_R_PASS_OTHER;
		proto = ip6->nexthdr;
		if (proto != IPPROTO_IPIP && proto != IPPROTO_IPV6 && proto != IPPROTO_UDP)
			return FASTLB_DECAP_R_PASS_OTHER;
		o->end = off + sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
		if (o->end > frame_len)
			return proto == IPPROTO_UDP ? FASTLB_DECAP_R_PASS_OTHER : FASTLB_DECAP_R_DROP_MALFORMED;
		off += sizeof(*ip6);
	}
	if (proto == IPPROTO_UDP)
		return decap_gue(pc, off, port, o);
	o->inner_proto = proto;
	o->inner = off;
	return FASTLB_OK;
}

/* The inner header: complete, of the family its protocol says, inside the outer datagram;
 * fills the VIP key with its destination. */
static __always_inline int decap_inner(struct pkt_cursor *pc, const struct decap_outer *o, struct fastlb_vip_addr *vip)
{
	__u32 off = o->inner;

	if (off > PKT_OFF_MAX)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	__builtin_memset(vip, 0, sizeof(*vip));
	if (o->inner_proto == IPPROTO_IPIP) {
		struct iphdr *iph = pc->data + off;
		__u32 tot;

		if ((void *)(iph + 1) > pc->data_end || iph->version != 4 || iph->ihl < 5)
			return FASTLB_DECAP_R_DROP_MALFORMED;
		tot = bpf_ntohs(iph->tot_len);
		if (tot < iph->ihl * 4u || off + tot > o->end)
			return FASTLB_DECAP_R_DROP_MALFORMED;
		vip->addr[0] = iph->daddr;
		vip->family = FASTLB_AF_INET;
	} else {
		struct ipv6hdr *ip6 = pc->data + off;

		if ((void *)(ip6 + 1) > pc->data_end || ip6->version != 6)
			return FASTLB_DECAP_R_DROP_MALFORMED;
		if (off + sizeof(*ip6) + bpf_ntohs(ip6->payload_len) > o->end)
			return FASTLB_DECAP_R_DROP_MALFORMED;
		__builtin_memcpy(vip->addr, &ip6->daddr, 16);
		vip->family = FASTLB_AF_INET6;
	}
	return FASTLB_OK;
}

/* Strips everything between the L2 header and the inner IP header: the L2 header (and VLAN tag)
 * moves forward, its ethertype becomes the inner family's, then the head moves past the gap. */
static __always_inline int decap_strip(struct xdp_md *ctx, struct pkt_cursor *pc, const struct decap_outer *o)
{
	__u32 l2 = pc->l3_off, gap = o->inner - pc->l3_off;
	__be16 proto = bpf_htons(o->inner_proto == IPPROTO_IPIP ? ETH_P_IP : ETH_P_IPV6);
	void *data = pc->data, *data_end = pc->data_end;
	__u8 *to;

	if (l2 != sizeof(struct ethhdr) && l2 != sizeof(struct ethhdr) + 4)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	if (gap < 20 || gap > DECAP_OUTER_MAX)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	to = data + gap;
	if ((void *)(to + sizeof(struct ethhdr) + 4) > data_end || (void *)((__u8 *)data + sizeof(struct ethhdr) + 4) > data_end)
		return FASTLB_DECAP_R_DROP_MALFORMED;
	if (l2 == sizeof(struct ethhdr)) {
		__builtin_memcpy(to, data, 2 * ETH_ALEN);
		*(__be16 *)(to + 2 * ETH_ALEN) = proto;
	} else {
		__builtin_memcpy(to, data, 2 * ETH_ALEN + 4);
		*(__be16 *)(to + 2 * ETH_ALEN + 4) = proto;
	}
	if (bpf_xdp_adjust_head(ctx, (int)gap))
		return FASTLB_DECAP_R_DROP_MALFORMED;
	return FASTLB_DECAP_R_PASS_DECAP;
}

#endif /* FASTLB_DECAP_H */
