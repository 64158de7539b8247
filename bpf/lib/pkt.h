/* Parser cursor: where the headers of one frame sit, as byte offsets from the frame start,
 * and the per-packet state the steps share. */
#ifndef FASTLB_PKT_H
#define FASTLB_PKT_H

#include <linux/bpf.h>
#include <linux/types.h>

#include "abi.h"

/* Parsers return a fastlb_reason when the packet's fate is decided, or this to go on. */
#define FASTLB_OK (-1)

/* Header offsets never exceed this: bounds every packet-pointer computation for the verifier. */
#define PKT_OFF_MAX 1024

/* Offsets are scalars (not packet pointers) so logical bounds (the IP payload end) and the
 * verifier's bounds (data_end) are checked apart and neither is lost in a spill. */
struct pkt_cursor {
	void *data;	/* frame start */
	void *data_end; /* one past the frame's last byte */
	__u32 l3_off;	/* IPv4/IPv6 header (or ARP) */
	__u32 l4_off;	/* TCP/UDP/ICMP header */
	__u32 l3_end;	/* one past the IP datagram (tot_len / payload_len); padding follows */
	__u16 l3_proto; /* ethertype, network order */
	__u8 l4_proto;	/* IPPROTO_* of the L4 header, 0 until reached */
	__u8 pad;
};

/* One packet on its way through the program. */
struct lb_pkt {
	struct xdp_md *ctx;
	struct fastlb_topology *topo; /* the interfaces served */
	struct pkt_cursor pc;
	struct fastlb_flow_key key; /* the 5-tuple as it arrived */
	__u32 ingress;		    /* ctx->ingress_ifindex */
	__u32 port;		    /* enum fastlb_port to redirect to, for the REDIRECT reasons */
};

/* Re-reads ctx, data and data_end into `p` at the start of a subprogram: the verifier does
 * not trust pointers it finds in the caller's stack. */
static __always_inline void pkt_reload(struct xdp_md *ctx, struct lb_pkt *p)
{
	p->ctx = ctx;
	p->pc.data = (void *)(long)ctx->data;
	p->pc.data_end = (void *)(long)ctx->data_end;
}

/* True when the packet came in by the inside port of an inline topology. */
static __always_inline int pkt_from_inside(const struct lb_pkt *p)
{
	return p->topo->inside_ifindex != 0 && p->ingress == p->topo->inside_ifindex;
}

/* True when the topology is inline (an inside port exists). */
static __always_inline int pkt_inline(const struct lb_pkt *p)
{
	return p->topo->inside_ifindex != 0;
}

#endif /* FASTLB_PKT_H */
