/* Too big once encapsulated: the packet becomes an ICMP fragmentation-needed (IPv4) or
 * packet-too-big (IPv6) error back to the client, built in place and sent with XDP_TX, carrying
 * the egress MTU less the tunnel's overhead. The error comes from the VIP (the address the
 * client talks to) and quotes the first ICMP_MTU_QUOTE bytes of the packet.
 *
 * IPv4 without DF is not fragmented (XDP cannot, and the real's decapsulator would see outer
 * fragments): it is dropped, counted as DROP_TOO_BIG. */
#ifndef FASTLB_ICMP_MTU_H
#define FASTLB_ICMP_MTU_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "csum.h"
#include "eth.h"
#include "pkt.h"

#define ICMP_MTU_QUOTE 256 /* quoted bytes of the packet: its headers and then some */
#define ICMP_MTU_TTL 64
#define ICMP_MTU_V4_TYPE 3 /* destination unreachable */
#define ICMP_MTU_V4_CODE 4 /* fragmentation needed and DF set */
#define ICMP_MTU_V6_TYPE 2 /* packet too big */

/* The ICMP error, with `mtu` the next-hop MTU to report; `ipv6` constant per call site. */
static __always_inline int icmp_mtu_write(struct xdp_md *ctx, struct lb_pkt *p, __u32 mtu, const int ipv6)
{
	const __u32 ip_len = ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	const __u32 hdr = ip_len + 8;
	__u64 l2 = p->pc.l3_off; /* 64-bit: alu32 refuses a 32-bit offset added to a packet pointer */
	__u64 len = (long)p->pc.data_end - (long)p->pc.data;
	void *data, *data_end, *o;
	__u8 *icmp;
	__u32 sum;

	if (l2 != sizeof(struct ethhdr) && l2 != sizeof(struct ethhdr) + 4)
		return FASTLB_R_DROP_MALFORMED;
	barrier_var(len); /* a scalar from here: the subtraction below stays off the packet pointers */
	if (bpf_xdp_adjust_tail(ctx, (int)(l2 + ICMP_MTU_QUOTE) - (int)len))
		return FASTLB_R_DROP_MALFORMED;
	if (bpf_xdp_adjust_head(ctx, -(int)hdr))
		return FASTLB_R_DROP_MALFORMED;
	pkt_reload(ctx, p);
	data = p->pc.data;
	data_end = p->pc.data_end;
	if (data + hdr + sizeof(struct ethhdr) + 4 > data_end)
		return FASTLB_R_DROP_MALFORMED;
	/* Back where it came from: the MACs swapped, the VLAN tag kept. */
	__builtin_memcpy(data, data + hdr + ETH_ALEN, ETH_ALEN);
	__builtin_memcpy(data + ETH_ALEN, data + hdr, ETH_ALEN);
	__builtin_memcpy(data + 2 * ETH_ALEN, data + hdr + 2 * ETH_ALEN, 2 + 4);

	o = data + (l2 & 0x1f);
	if (o + hdr + ICMP_MTU_QUOTE > data_end)
		return FASTLB_R_DROP_MALFORMED;
	icmp = o + ip_len;
	if (ipv6) {
		struct ipv6hdr *ip6 = o;

		*(__be32 *)ip6 = bpf_htonl(6u << 28);
		ip6->payload_len = bpf_htons(8 + ICMP_MTU_QUOTE);
		ip6->nexthdr = IPPROTO_ICMPV6;
		ip6->hop_limit = ICMP_MTU_TTL;
		__builtin_memcpy(&ip6->saddr, p->key.dst, 16);
		__builtin_memcpy(&ip6->daddr, p->key.src, 16);
		icmp[0] = ICMP_MTU_V6_TYPE;
		icmp[1] = 0;
		*(__be16 *)(icmp + 2) = 0;
		*(__be32 *)(icmp + 4) = bpf_htonl(mtu);
		sum = csum_words(p->key.src, 8) + csum_words(p->key.dst, 8) + bpf_htons(8 + ICMP_MTU_QUOTE) +
		      bpf_htons(IPPROTO_ICMPV6);
	} else {
		struct iphdr *iph = o;

		*(__u8 *)iph = 0x45;
		iph->tos = 0;
		iph->tot_len = bpf_htons(hdr + ICMP_MTU_QUOTE);
		iph->id = 0;
		iph->frag_off = 0;
		iph->ttl = ICMP_MTU_TTL;
		iph->protocol = IPPROTO_ICMP;
		iph->check = 0;
		iph->saddr = p->key.dst[0];
		iph->daddr = p->key.src[0];
		iph->check = csum_finish(csum_words(iph, sizeof(*iph) / 2));
		icmp[0] = ICMP_MTU_V4_TYPE;
		icmp[1] = ICMP_MTU_V4_CODE;
		*(__be16 *)(icmp + 2) = 0;
		*(__be16 *)(icmp + 4) = 0;
		*(__be16 *)(icmp + 6) = bpf_htons((__u16)mtu);
		sum = 0;
	}
	sum = csum_fold(sum) + csum_fold(bpf_csum_diff(NULL, 0, (void *)icmp, 8 + ICMP_MTU_QUOTE, 0));
	*(__sum16 *)(icmp + 2) = csum_finish(sum);
	return FASTLB_R_TX_ICMP_TOO_BIG;
}

/* Answers a packet that would exceed the egress MTU `mtu` once `overhead` bytes are added. */
static __noinline int icmp_too_big(struct xdp_md *ctx, struct lb_pkt *p, __u32 mtu, __u32 overhead)
{
	__u64 l3_off; /* 64-bit: with alu32, a 32-bit offset added to a packet pointer is refused */
	__u32 inner_len;

	pkt_reload(ctx, p);
	l3_off = p->pc.l3_off;
	inner_len = p->pc.l3_end - (__u32)l3_off;
	if (mtu <= overhead || inner_len < ICMP_MTU_QUOTE || l3_off > PKT_OFF_MAX)
		return FASTLB_R_DROP_TOO_BIG;
	if (p->key.family == FASTLB_AF_INET6)
		return icmp_mtu_write(ctx, p, mtu - overhead, 1);
	{
		struct iphdr *iph = p->pc.data + l3_off;

		if ((void *)(iph + 1) > p->pc.data_end)
			return FASTLB_R_DROP_MALFORMED;
		if (!(iph->frag_off & bpf_htons(0x4000)))
			return FASTLB_R_DROP_TOO_BIG;
	}
	return icmp_mtu_write(ctx, p, mtu - overhead, 0);
}

#endif /* FASTLB_ICMP_MTU_H */
