/* L3 DSR encapsulation: the outer headers (IPv4 or IPv6, then UDP + GUE for dsr-gue) pushed in
 * front of the packet's IP header with bpf_xdp_adjust_head, the Ethernet header (and VLAN tag)
 * moved to the new front. The outer headers come from a per-real template (encap_nh.h) that
 * holds every constant field and the sum of the checksummed constant words: a packet writes its
 * own fields and finishes the checksums from that sum.
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

/* What the FIB lookup of a flow's tunnel asks about (the outer packet's addresses and ports). */
struct encap_plan {
	__be32 src[4]; /* outer source; IPv4 in [0] */
	__be32 dst[4]; /* outer destination: the real */
	__be16 sport;  /* GUE: outer UDP source port */
	__be16 dport;  /* GUE: gue_port */
};

/* encap_push's flags: the header kinds, the inner TOS, and whether the MACs stay. */
#define ENCAP_F_IPV6 1
#define ENCAP_F_GUE 2
#define ENCAP_F_KEEP_MAC 4 /* keep the packet's own MACs (for the kernel to forward it) */
#define ENCAP_F_TOS_SHIFT 8

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

/* The GUE source port of a flow. */
static __always_inline __be16 encap_gue_sport(__u32 hash)
{
	return bpf_htons(ENCAP_GUE_SPORT_BASE + (hash & ENCAP_GUE_SPORT_MASK));
}

/* Fills t's key, outer header template and constant sum for the real at `dst` behind tunnel `enc`:
 * the source with enc->src_vary's bits zero (each packet ORs in its own), the per-packet fields
 * zero. Sum: IPv4, of the header; IPv6 GUE, of the UDP checksum's pseudo-header and UDP + GUE. */
static __always_inline void encap_tmpl_build(struct encap_nh *t, const struct fastlb_encap *enc, const __be32 *dst,
					     int ipv6, int gue)
{
	const int u = ENCAP_HDR_UDP(ipv6);
	struct udphdr *uh = (void *)&t->hdr[u];
	struct encap_gue *g = (void *)&t->hdr[u + 2];

	__builtin_memcpy(t->dst, dst, 16);
	__builtin_memcpy(&t->enc, enc, sizeof(t->enc));
	t->gue = gue;
	__builtin_memset(t->hdr, 0, sizeof(t->hdr));
	if (ipv6) {
		struct ipv6hdr *oh = (void *)t->hdr;

		t->hdr[0] = bpf_htonl(6u << 28);
		oh->nexthdr = gue ? IPPROTO_UDP : IPPROTO_IPV6;
		oh->hop_limit = ENCAP_TTL;
		__builtin_memcpy(&oh->saddr, enc->src, 16);
		oh->saddr.s6_addr32[3] &= ~enc->src_vary;
		__builtin_memcpy(&oh->daddr, dst, 16);
	} else {
		struct iphdr *oh = (void *)t->hdr;

		*(__u8 *)oh = 0x45;
		oh->frag_off = bpf_htons(ENCAP_IP4_DF);
		oh->ttl = ENCAP_TTL;
		oh->protocol = gue ? IPPROTO_UDP : IPPROTO_IPIP;
		oh->saddr = enc->src[0] & ~enc->src_vary;
		oh->daddr = dst[0];
	}
	if (gue) {
		uh->dest = enc->gue_port;
		g->proto = ipv6 ? IPPROTO_IPV6 : IPPROTO_IPIP;
	}
	t->sum = 0;
	if (!ipv6) {
		t->sum = csum_words(t->hdr, sizeof(struct iphdr) / 2);
	} else if (gue) {
		t->sum = csum_words(&t->hdr[2], 16) + bpf_htons(IPPROTO_UDP) + csum_words(uh, (8 + ENCAP_GUE_LEN) / 2);
	}
}

/* Pushes the outer headers of template `t`, with this packet's fields: `ipv6` and `gue` are
 * constants at each call site, so every offset below is one the verifier sees. */
static __always_inline int encap_write(struct xdp_md *ctx, struct lb_pkt *p, const struct encap_nh *t, __u32 hash,
				       __u32 inner_sum, __u32 flags, const int ipv6, const int gue)
{
	const __u32 ip_len = ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	const __u32 over = ip_len + (gue ? ENCAP_UDP_GUE_LEN : 0);
	const int u = ENCAP_HDR_UDP(ipv6);
	__u32 l2 = p->pc.l3_off, inner_len = p->pc.l3_end - p->pc.l3_off, tos = (flags >> ENCAP_F_TOS_SHIFT) & 0xff;
	__be32 vary = bpf_htonl(hash) & t->enc.src_vary, w;
	void *data, *data_end, *o;
	__u32 *ow;

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
	if (flags & ENCAP_F_KEEP_MAC) {
		__builtin_memcpy(data, data + over, sizeof(struct ethhdr));
	} else {
		ow = data;
		ow[0] = *(const __u32 *)&t->mac[0];
		ow[1] = *(const __u32 *)&t->mac[4];
		ow[2] = *(const __u32 *)&t->mac[8];
		*(__be16 *)(data + 12) = *(__be16 *)(data + over + 12);
	}
	if (l2 != sizeof(struct ethhdr))
		*(__u32 *)(data + sizeof(struct ethhdr)) = *(__u32 *)(data + over + sizeof(struct ethhdr)); /* the VLAN tag */

	o = data + (l2 & 0x1f);
	if (o + over > data_end)
		return FASTLB_R_DROP_MALFORMED;
	ow = o;
	if (ipv6) {
		ow[0] = bpf_htonl((6u << 28) | (tos << 20) | (hash & ENCAP_FLOW_LABEL_MASK));
		ow[1] = t->hdr[1] | bpf_htonl((inner_len + (gue ? ENCAP_UDP_GUE_LEN : 0)) << 16);
		ow[2] = t->hdr[2];
		ow[3] = t->hdr[3];
		ow[4] = t->hdr[4];
		ow[5] = t->hdr[5] | vary;
		ow[6] = t->hdr[6];
		ow[7] = t->hdr[7];
		ow[8] = t->hdr[8];
		ow[9] = t->hdr[9];
	} else {
		w = bpf_htonl((tos << 16) | (inner_len + over));
		ow[0] = t->hdr[0] | w;
		ow[1] = t->hdr[1];
		ow[2] = t->hdr[2];
		ow[3] = t->hdr[3] | vary;
		ow[4] = t->hdr[4];
		((struct iphdr *)o)->check = csum_finish(t->sum + csum_word32(w) + csum_word32(vary));
	}
	if (gue) {
		struct udphdr *uh = o + ip_len;
		__be16 ulen = bpf_htons((__u16)(inner_len + ENCAP_UDP_GUE_LEN)), sport = encap_gue_sport(hash);

		if ((void *)uh + ENCAP_UDP_GUE_LEN > data_end)
			return FASTLB_R_DROP_MALFORMED;
		uh->source = sport;
		uh->dest = t->enc.gue_port;
		uh->len = ulen;
		uh->check = 0;
		*(__u32 *)(uh + 1) = t->hdr[u + 2];
		if (ipv6) {
			/* IPv6 UDP needs its checksum (RFC 8200 8.1); IPv4 GUE sends 0 (RFC 768). The pseudo-
			 * header's length and the UDP one are the same. */
			__sum16 c = csum_finish(t->sum + csum_word32(vary) + 2 * (__u32)ulen + sport + csum_fold(inner_sum));

			uh->check = c ? c : (__sum16)0xffff;
		}
	}
	return FASTLB_OK;
}

/* Puts the outer headers of template `t` in front of the packet's IP header, and its Ethernet
 * header in front of them; `flags` ENCAP_F_*, the inner TOS above ENCAP_F_TOS_SHIFT. Inline, from
 * encap_send's one call site: a call of its own measurably cost the established path. */
static __always_inline int encap_push(struct lb_pkt *p, const struct encap_nh *t, __u32 hash, __u32 inner_sum, __u32 flags)
{
	struct xdp_md *ctx = p->ctx;

	pkt_reload(ctx, p);
	if (flags & ENCAP_F_IPV6)
		return (flags & ENCAP_F_GUE) ? encap_write(ctx, p, t, hash, inner_sum, flags, 1, 1)
					     : encap_write(ctx, p, t, hash, inner_sum, flags, 1, 0);
	return (flags & ENCAP_F_GUE) ? encap_write(ctx, p, t, hash, inner_sum, flags, 0, 1)
				     : encap_write(ctx, p, t, hash, inner_sum, flags, 0, 0);
}

#endif /* FASTLB_ENCAP_H */
