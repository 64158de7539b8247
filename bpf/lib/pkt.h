/* Parser cursor: where the headers of one frame sit, as byte offsets from the frame start. */
#ifndef FASTLB_PKT_H
#define FASTLB_PKT_H

#include <linux/types.h>

/* Parsers return a fastlb_reason when the packet's fate is decided, or this to go on. */
#define FASTLB_OK (-1)

/* Offsets are scalars (not packet pointers) so logical bounds (the IP payload end) and the
 * verifier's bounds (data_end) are checked apart and neither is lost in a spill. */
struct pkt_cursor {
	void *data;	/* frame start */
	void *data_end; /* one past the frame's last byte */
	__u32 l3_off;	/* IPv4/IPv6 header */
	__u32 l4_off;	/* TCP/UDP header */
	__u32 l3_end;	/* one past the IP datagram (tot_len / payload_len); padding follows */
	__u16 l3_proto; /* ethertype, network order */
	__u8 l4_proto;	/* IPPROTO_* of the L4 header */
	__u8 pad;
};

#endif /* FASTLB_PKT_H */
