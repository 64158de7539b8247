/* L3 DSR encapsulation: the outer headers (IPv4 or IPv6, then UDP + GUE for dsr-gue) pushed in
 * front of the packet's IP header with bpf_xdp_adjust_head, the Ethernet header (and VLAN tag)
 * moved to the new front. Outer checksums are computed from scratch.
 *
 * Outer header choices: TTL / hop limit 64; IPv4 ID 0 with DF set (RFC 6864: an atomic datagram;
 * a packet that would not fit is answered before it is encapsulated, so none needs fragmenting);
 * TOS / traffic class copied from the inner header; IPv6 flow label = 20 low bits of the flow
 * hash. Spreading on the real: the GUE UDP source port is 49152 + the hash's 14 low bits, and
 * the outer source has the bits of fastlb_encap.src_vary (host bits of `encap-source`'s prefix)
 * taken from the hash's low bits, so RSS on the real spreads IPIP too. */
#ifndef FASTLB_ENCAP_H
#define FASTLB_ENCAP_H

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
#include "csum.h"
#include "encap_nh.h"
#include "pkt.h"
#include "scratch.h"

#define ENCAP_TTL 64
#define ENCAP_IP4_DF 0x4000
#define ENCAP_GUE_SPORT_BASE 49152 /* GUE source port: this + (flow hash & ENCAP_GUE_SPORT_MASK) */
#define ENCAP_GUE_SPORT_MASK 0x3fff
#define ENCAP_FLOW_LABEL_MASK 0xfffff
#define ENCAP_GUE_LEN 4 /* GUE header, version 0, no options */
#define ENCAP_UDP_GUE_LEN (8 + ENCAP_GUE_LEN)
#define ENCAP_IP6_EXT_MAX 256 /* inner IPv6 extension bytes summed for the GUE checksum */

/* The GUE base header: version 0, C 0, Hlen 0 in `hdr`; proto = the inner IP protocol. */
struct encap_gue {
	__u8 hdr;
	__u8 proto;
	__be16 flags;
};

/* Service id -> its tunnel: outer source (and its per-flow bits), GUE port. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct fastlb_encap);
} fastlb_encap SEC(".maps");

/* Everything the push needs, prepared before the packet moves. */
struct encap_plan {
	__be32 src[4];	 /* outer source; IPv4 in [0] */
	__be32 dst[4];	 /* outer destination: the real */
	__u32 inner_len; /* inner IP datagram, bytes */
	__u32 inner_sum; /* IPv6 GUE: one's complement sum of the inner datagram (for the UDP checksum) */
	__be32 flow_label;
	__be16 sport; /* GUE: outer UDP source port */
	__be16 dport; /* GUE: gue_port */
	__u8 tos;     /* inner TOS / traffic class */
	__u8 has_mac; /* mac holds the next hop's: written as the outer Ethernet header */
	__u8 mac[12]; /* destination and source MAC of the tunnel packet */
	__u8 pad[2];
};

/* The encapsulation step's per-CPU scratch (scratch.h). */
struct encap_scratch {
	struct encap_plan e;
	struct bpf_fib_lookup fib;
	struct encap_nh nh; /* the next hop being resolved */
	struct ipv6hdr ip6; /* the inner IPv6 header, read for its sum */
	__u32 chunk[2];	    /* an inner IPv6 extension header's 8 bytes */
};

SCRATCH_MAP(fastlb_encap_scratch, struct encap_scratch);

/* Bytes the outer headers add. */
static __always_inline __u32 encap_overhead(int ipv6, int gue)
{
	return (ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr)) + (gue ? ENCAP_UDP_GUE_LEN : 0);
}

/* The outer source of a flow: src with the src_vary bits of the family's last word from the hash. */
static __always_inline void encap_source(const struct fastlb_encap *enc, __u32 hash, __be32 *src)
{
	int last = enc->family == FASTLB_AF_INET6 ? 3 : 0;

	__builtin_memcpy(src, enc->src, 16);
	if (last == 3)
		src[3] = (src[3] & ~enc->src_vary) | (bpf_htonl(hash) & enc->src_vary);
	else
		src[0] = (src[0] & ~enc->src_vary) | (bpf_htonl(hash) & enc->src_vary);
}

/* Sum of a 16-byte address as 16-bit words. */
static __always_inline __u32 encap_addr_sum(const __be32 *a)
{
	return csum_words(a, 8);
}

/* One's complement sum of the inner IPv6 datagram (header, extensions, upper layer), found
 * without reading the payload: a valid upper-layer checksum makes the segment sum to the
 * complement of its pseudo-header. An inner packet with a wrong checksum keeps it wrong. */
static __always_inline int encap_inner_sum6(struct lb_pkt *p, struct encap_scratch *s, __u32 *sum)
{
	__u32 l3_off = p->pc.l3_off, l4_off = p->pc.l4_off, ext, pseudo, off, i;
	__u32 *chunk = s->chunk;

	/* Read through the helper: sums over packet memory lose the verifier's bounds. */
	if (l4_off < l3_off + sizeof(s->ip6) || bpf_xdp_load_bytes(p->ctx, l3_off, &s->ip6, sizeof(s->ip6)))
		return FASTLB_R_DROP_MALFORMED;
	*sum = csum_words(&s->ip6, sizeof(s->ip6) / 2);
	ext = l4_off - l3_off - sizeof(s->ip6);
	if (ext > ENCAP_IP6_EXT_MAX || (ext & 7))
		return FASTLB_R_DROP_MALFORMED;
	off = l3_off + sizeof(s->ip6);
	for (i = 0; i < ENCAP_IP6_EXT_MAX / 8 && i * 8 < ext; i++) {
		if (bpf_xdp_load_bytes(p->ctx, off + i * 8, chunk, 8))
			return FASTLB_R_DROP_MALFORMED;
		*sum += csum_words(chunk, 4);
	}
	pseudo = encap_addr_sum(p->key.src) + encap_addr_sum(p->key.dst) + bpf_htons((__u16)(p->pc.l3_end - l4_off)) +
		 bpf_htons((__u16)p->pc.l4_proto);
	*sum += (__u16)~csum_fold(pseudo);
	return FASTLB_OK;
}

/* Pushes the outer headers: `ipv6` and `gue` are constants at each call site, so every offset
 * below is one the verifier sees. */
static __always_inline int encap_write(struct xdp_md *ctx, struct lb_pkt *p, const struct encap_plan *e,
				       const int ipv6, const int gue)
{
	const __u32 ip_len = ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	const __u32 over = ip_len + (gue ? ENCAP_UDP_GUE_LEN : 0);
	__u32 l2 = p->pc.l3_off;
	void *data, *data_end, *o;

	if (l2 != sizeof(struct ethhdr) && l2 != sizeof(struct ethhdr) + 4)
		return FASTLB_R_DROP_MALFORMED;
	if (bpf_xdp_adjust_head(ctx, -(int)over))
		return FASTLB_R_DROP_MALFORMED;
	pkt_reload(ctx, p);
	data = p->pc.data;
	data_end = p->pc.data_end;
	if (data + over + sizeof(struct ethhdr) + 4 > data_end)
		return FASTLB_R_DROP_MALFORMED;
	/* The new front: the next hop's MACs (else the packet's own, for the kernel to forward) and the
	 * EtherType, which the outer header shares with the inner one. */
	if (e->has_mac) {
		__builtin_memcpy(data, e->mac, 12);
		*(__be16 *)(data + 12) = *(__be16 *)(data + over + 12);
	} else {
		__builtin_memcpy(data, data + over, sizeof(struct ethhdr));
	}
	if (l2 != sizeof(struct ethhdr))
		__builtin_memcpy(data + sizeof(struct ethhdr), data + over + sizeof(struct ethhdr), 4); /* the VLAN tag */

	o = data + (l2 & 0x1f);
	if (o + over > data_end)
		return FASTLB_R_DROP_MALFORMED;
	if (ipv6) {
		struct ipv6hdr *oh = o;

		*(__be32 *)oh = bpf_htonl((6u << 28) | ((__u32)e->tos << 20)) | e->flow_label;
		oh->payload_len = bpf_htons((__u16)(e->inner_len + (gue ? ENCAP_UDP_GUE_LEN : 0)));
		oh->nexthdr = gue ? IPPROTO_UDP : IPPROTO_IPV6;
		oh->hop_limit = ENCAP_TTL;
		__builtin_memcpy(&oh->saddr, e->src, 16);
		__builtin_memcpy(&oh->daddr, e->dst, 16);
	} else {
		struct iphdr *oh = o;

		*(__u8 *)oh = 0x45;
		oh->tos = e->tos;
		oh->tot_len = bpf_htons((__u16)(e->inner_len + over));
		oh->id = 0;
		oh->frag_off = bpf_htons(ENCAP_IP4_DF);
		oh->ttl = ENCAP_TTL;
		oh->protocol = gue ? IPPROTO_UDP : IPPROTO_IPIP;
		oh->check = 0;
		oh->saddr = e->src[0];
		oh->daddr = e->dst[0];
		oh->check = csum_finish(csum_words(oh, sizeof(*oh) / 2));
	}
	if (gue) {
		struct udphdr *uh = o + ip_len;
		struct encap_gue *g = (void *)(uh + 1);
		__u16 ulen = (__u16)(e->inner_len + ENCAP_UDP_GUE_LEN);

		if ((void *)(g + 1) > data_end)
			return FASTLB_R_DROP_MALFORMED;
		uh->source = e->sport;
		uh->dest = e->dport;
		uh->len = bpf_htons(ulen);
		uh->check = 0;
		g->hdr = 0;
		g->proto = ipv6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
		g->flags = 0;
		if (ipv6) {
			/* IPv6 UDP needs its checksum (RFC 8200 8.1); IPv4 GUE sends 0 (RFC 768). */
			__u32 s = encap_addr_sum(e->src) + encap_addr_sum(e->dst) + bpf_htons(ulen) +
				  bpf_htons(IPPROTO_UDP) + csum_words(uh, 6) + csum_fold(e->inner_sum);
			__sum16 c = csum_finish(s);

			uh->check = c ? c : (__sum16)0xffff;
		}
	}
	return FASTLB_OK;
}

/* Puts the outer headers of plan `e` in front of the packet's IP header, and its Ethernet header
 * in front of them. */
static __noinline int encap_push(struct xdp_md *ctx, struct lb_pkt *p, const struct encap_plan *e, int ipv6, int gue)
{
	pkt_reload(ctx, p);
	if (ipv6)
		return gue ? encap_write(ctx, p, e, 1, 1) : encap_write(ctx, p, e, 1, 0);
	return gue ? encap_write(ctx, p, e, 0, 1) : encap_write(ctx, p, e, 0, 0);
}

#endif /* FASTLB_ENCAP_H */
