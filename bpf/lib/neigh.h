/* ARP and IPv6 neighbour discovery responder: requests / solicitations for an address in
 * fastlb_vips (FASTLB_VIP_F_ANSWER_NEIGH) are answered in place with the receiving port's MAC. */
#ifndef FASTLB_NEIGH_H
#define FASTLB_NEIGH_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ipv6.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "csum.h"
#include "eth.h"
#include "maps.h"
#include "pkt.h"

/* From <linux/if_arp.h>, which drags in libc headers. */
#define NEIGH_ARPHRD_ETHER 1
#define NEIGH_ARPOP_REQUEST 1
#define NEIGH_ARPOP_REPLY 2
#define NEIGH_ND_SOLICIT 135
#define NEIGH_ND_ADVERT 136
#define NEIGH_ND_OPT_TARGET_LLADDR 2
#define NEIGH_NA_FLAGS 0x60000000u /* Solicited | Override */

/* An Ethernet/IPv4 ARP packet. */
struct neigh_arp {
	__be16 htype;
	__be16 ptype;
	__u8 hlen;
	__u8 plen;
	__be16 op;
	__u8 sha[ETH_ALEN];
	__u8 spa[4];
	__u8 tha[ETH_ALEN];
	__u8 tpa[4];
} __attribute__((packed));

/* A neighbour advertisement with the target link-layer address option, IPv6 header included. */
struct neigh_na {
	struct ipv6hdr ip6;
	__u8 type;
	__u8 code;
	__sum16 check;
	__be32 flags;
	__be32 target[4];
	__u8 opt_type;
	__u8 opt_len; /* in 8-byte units */
	__u8 opt_mac[ETH_ALEN];
};

/* The ICMPv6 pseudo-header (RFC 8200 8.1). */
struct neigh_pseudo6 {
	__be32 src[4];
	__be32 dst[4];
	__be32 len;
	__be32 nexthdr;
};

_Static_assert(sizeof(struct neigh_arp) == 28, "ARP for Ethernet/IPv4 is 28 bytes");
_Static_assert(sizeof(struct neigh_na) == 72, "NA with one option is 40 + 32 bytes");

/* True when FastLb answers for `addr` (family `family`). */
static __always_inline int neigh_answers(const __be32 *addr, __u8 family)
{
	struct fastlb_vip_addr k;
	__u32 *flags;

	__builtin_memset(&k, 0, sizeof(k));
	__builtin_memcpy(k.addr, addr, family == FASTLB_AF_INET6 ? 16 : 4);
	k.family = family;
	flags = bpf_map_lookup_elem(&fastlb_vips, &k);
	return flags && (*flags & FASTLB_VIP_F_ANSWER_NEIGH);
}

/* The MAC of the port the frame came in by. */
static __always_inline const __u8 *neigh_local_mac(const struct lb_pkt *p)
{
	return pkt_from_inside(p) ? p->topo->inside_mac : p->topo->mac;
}

/* Answers an ARP request for a VIP (TX_NEIGH_REPLY); anything else stays PASS_NOT_IP. */
static __noinline int neigh_arp(struct xdp_md *ctx, struct lb_pkt *p)
{
	struct ethhdr *eth = p->pc.data;
	struct neigh_arp *arp;
	const __u8 *mac;
	__be32 vip = 0;
	__u32 off = p->pc.l3_off;

	pkt_reload(ctx, p);
	if (off > PKT_OFF_MAX || (void *)(eth + 1) > p->pc.data_end)
		return FASTLB_R_PASS_NOT_IP;
	arp = p->pc.data + off;
	if ((void *)(arp + 1) > p->pc.data_end)
		return FASTLB_R_PASS_NOT_IP;
	if (arp->htype != bpf_htons(NEIGH_ARPHRD_ETHER) || arp->ptype != bpf_htons(ETH_P_IP) || arp->hlen != ETH_ALEN ||
	    arp->plen != 4 || arp->op != bpf_htons(NEIGH_ARPOP_REQUEST))
		return FASTLB_R_PASS_NOT_IP;
	__builtin_memcpy(&vip, arp->tpa, 4);
	if (!neigh_answers(&vip, FASTLB_AF_INET))
		return FASTLB_R_PASS_NOT_IP;
	mac = neigh_local_mac(p);
	arp->op = bpf_htons(NEIGH_ARPOP_REPLY);
	__builtin_memcpy(arp->tha, arp->sha, ETH_ALEN);
	__builtin_memcpy(arp->tpa, arp->spa, 4);
	__builtin_memcpy(arp->sha, mac, ETH_ALEN);
	__builtin_memcpy(arp->spa, &vip, 4);
	eth_addr_copy(eth->h_dest, eth->h_source);
	eth_addr_copy(eth->h_source, mac);
	return FASTLB_R_TX_NEIGH_REPLY;
}

/* Fills the advertisement for target `vip` to `dst`, checksum computed from scratch. */
static __always_inline void neigh_na_build(struct neigh_na *na, const __be32 *vip, const __be32 *dst,
					   const __u8 *mac)
{
	struct neigh_pseudo6 ph;

	__builtin_memset(na, 0, sizeof(*na));
	*(__be32 *)&na->ip6 = bpf_htonl(0x60000000u);
	na->ip6.payload_len = bpf_htons(sizeof(*na) - sizeof(na->ip6));
	na->ip6.nexthdr = IPPROTO_ICMPV6;
	na->ip6.hop_limit = 255;
	__builtin_memcpy(&na->ip6.saddr, vip, 16);
	__builtin_memcpy(&na->ip6.daddr, dst, 16);
	na->type = NEIGH_ND_ADVERT;
	na->flags = bpf_htonl(NEIGH_NA_FLAGS);
	__builtin_memcpy(na->target, vip, 16);
	na->opt_type = NEIGH_ND_OPT_TARGET_LLADDR;
	na->opt_len = 1;
	eth_addr_copy(na->opt_mac, mac);

	__builtin_memcpy(ph.src, vip, 16);
	__builtin_memcpy(ph.dst, dst, 16);
	ph.len = bpf_htonl(sizeof(*na) - sizeof(na->ip6));
	ph.nexthdr = bpf_htonl(IPPROTO_ICMPV6);
	na->check = csum_finish(csum_words(&ph, sizeof(ph) / 2) +
				csum_words(&na->type, (sizeof(*na) - sizeof(na->ip6)) / 2));
}

/* Answers a neighbour solicitation for a VIP with an advertisement (TX_NEIGH_REPLY), the frame
 * resized to exactly the answer; anything else stays PASS_NOT_L4. Only solicitations without
 * extension headers, hop limit 255 (RFC 4861 7.1.1), and not for duplicate address detection. */
static __noinline int neigh_nd(struct xdp_md *ctx, struct lb_pkt *p)
{
	struct ipv6hdr *ip6;
	struct neigh_na na;
	struct ethhdr *eth;
	__be32 vip[4], src[4];
	__u8 client[ETH_ALEN];
	const __u8 *mac;
	__u8 *icmp;
	__u32 off = p->pc.l3_off;
	void *data, *data_end;
	int delta;

	pkt_reload(ctx, p);
	if (off > PKT_OFF_MAX || p->pc.l4_off != off + sizeof(*ip6) || p->pc.l4_off + 24 > p->pc.l3_end)
		return FASTLB_R_PASS_NOT_L4;
	eth = p->pc.data;
	ip6 = p->pc.data + off;
	icmp = p->pc.data + off + sizeof(*ip6);
	if ((void *)(eth + 1) > p->pc.data_end || (void *)(icmp + 24) > p->pc.data_end)
		return FASTLB_R_PASS_NOT_L4;
	if (icmp[0] != NEIGH_ND_SOLICIT || icmp[1] != 0 || ip6->hop_limit != 255)
		return FASTLB_R_PASS_NOT_L4;
	__builtin_memcpy(vip, icmp + 8, 16);
	__builtin_memcpy(src, &ip6->saddr, 16);
	if ((src[0] | src[1] | src[2] | src[3]) == 0 || !neigh_answers(vip, FASTLB_AF_INET6))
		return FASTLB_R_PASS_NOT_L4;
	eth_addr_copy(client, eth->h_source);
	mac = neigh_local_mac(p);
	neigh_na_build(&na, vip, src, mac);

	delta = (int)(off + sizeof(na)) - (int)(p->pc.data_end - p->pc.data);
	if (delta != 0 && bpf_xdp_adjust_tail(p->ctx, delta))
		return FASTLB_R_PASS_NOT_L4;
	data = (void *)(long)p->ctx->data;
	data_end = (void *)(long)p->ctx->data_end;
	p->pc.data = data;
	p->pc.data_end = data_end;
	eth = data;
	if ((void *)(eth + 1) > data_end || data + off + sizeof(na) > data_end)
		return FASTLB_R_DROP_MALFORMED;
	eth_addr_copy(eth->h_dest, client);
	eth_addr_copy(eth->h_source, mac);
	__builtin_memcpy(data + off, &na, sizeof(na));
	return FASTLB_R_TX_NEIGH_REPLY;
}

#endif /* FASTLB_NEIGH_H */
