/* TCP and UDP header validation and port extraction. */
#ifndef FASTLB_L4_H
#define FASTLB_L4_H

#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>

#include "abi.h"
#include "compiler.h"
#include "pkt.h"

/* The TCP header, options included (doff), must end inside the IP datagram. */
static __always_inline int l4_parse_tcp(struct pkt_cursor *pc, struct fastlb_flow_key *key)
{
	struct tcphdr *th = pc->data + pc->l4_off;

	if (pc->l4_off + sizeof(*th) > pc->l3_end)
		return FASTLB_R_DROP_MALFORMED;
	if ((void *)(th + 1) > pc->data_end)
		return FASTLB_R_DROP_MALFORMED;
	if (th->doff < 5 || pc->l4_off + th->doff * 4 > pc->l3_end)
		return FASTLB_R_DROP_MALFORMED;
	key->sport = th->source;
	key->dport = th->dest;
	pc->tcp_flags = ((__u8 *)th)[13];
	return FASTLB_OK;
}

/* The UDP length covers at least the header and ends inside the IP datagram. */
static __always_inline int l4_parse_udp(struct pkt_cursor *pc, struct fastlb_flow_key *key)
{
	struct udphdr *uh = pc->data + pc->l4_off;
	__u32 ulen;

	if (pc->l4_off + sizeof(*uh) > pc->l3_end)
		return FASTLB_R_DROP_MALFORMED;
	if ((void *)(uh + 1) > pc->data_end)
		return FASTLB_R_DROP_MALFORMED;
	ulen = bpf_ntohs(uh->len);
	if (ulen < sizeof(*uh) || pc->l4_off + ulen > pc->l3_end)
		return FASTLB_R_DROP_MALFORMED;
	key->sport = uh->source;
	key->dport = uh->dest;
	return FASTLB_OK;
}

/* Parses the L4 header at pc->l4_off; anything but TCP or UDP passes. */
static __always_inline int l4_parse(struct pkt_cursor *pc, struct fastlb_flow_key *key)
{
	int ret;

	if (pc->l4_proto == IPPROTO_TCP)
		ret = l4_parse_tcp(pc, key);
	else if (pc->l4_proto == IPPROTO_UDP)
		ret = l4_parse_udp(pc, key);
	else
		return FASTLB_R_PASS_NOT_L4;
	if (ret == FASTLB_OK)
		key->proto = pc->l4_proto;
	return ret;
}

#endif /* FASTLB_L4_H */
