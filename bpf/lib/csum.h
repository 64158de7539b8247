/* Internet checksums: incremental updates (RFC 1624, eqn. 3) of 16/32-bit words and 16-byte
 * addresses, TCP/UDP pseudo-header aware, and sums from scratch of short stack buffers. */
#ifndef FASTLB_CSUM_H
#define FASTLB_CSUM_H

#include <linux/in.h>
#include <linux/types.h>

#include "compiler.h"

/* A running difference: the one's complement sum of ~old + new over every changed word. It is
 * byte-order neutral, so words are added as they lie in memory (network order). */
static __always_inline __u32 csum_diff16(__be16 old, __be16 new)
{
	return (__u16)~old + (__u32)new;
}

/* A 32-bit word's two 16-bit halves summed, as they lie in memory. */
static __always_inline __u32 csum_word32(__be32 w)
{
	return (w & 0xffff) + (w >> 16);
}

static __always_inline __u32 csum_diff32(__be32 old, __be32 new)
{
	return csum_word32(~old) + csum_word32(new);
}

/* Difference of a `words`-word address (1: IPv4, 4: IPv6). */
static __always_inline __u32 csum_diff_addr(const __be32 *old, const __be32 *new, int words)
{
	__u32 d = 0;
	int i;

#pragma unroll
	for (i = 0; i < 4; i++)
		if (i < words)
			d += csum_diff32(old[i], new[i]);
	return d;
}

/* Folds a 32-bit one's complement sum to 16 bits with end-around carry. */
static __always_inline __u16 csum_fold(__u32 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

/* HC' = ~(~HC + diff): the checksum after the words summed in `diff` changed. */
static __always_inline __sum16 csum_apply(__sum16 check, __u32 diff)
{
	return (__sum16)~csum_fold((__u16)~check + diff);
}

/* Applies `diff` to a TCP or UDP checksum. A zero UDP checksum over IPv4 means "none" and
 * stays zero; a UDP result of zero is sent as 0xffff (RFC 768, RFC 8200 8.1). */
static __always_inline void csum_l4_apply(__sum16 *check, __u32 diff, __u8 proto, int ipv6)
{
	__sum16 c;

	if (proto == IPPROTO_UDP && !ipv6 && *check == 0)
		return;
	c = csum_apply(*check, diff);
	if (proto == IPPROTO_UDP && c == 0)
		c = (__sum16)0xffff;
	*check = c;
}

/* Reads any object as 16-bit words without breaking strict aliasing (else the compiler may
 * read a struct before its fields are written). */
typedef __u16 __attribute__((may_alias)) csum_word_t;

/* One's complement sum (not folded, not inverted) of `words` 16-bit words at `buf`. */
static __always_inline __u32 csum_words(const void *buf, int words)
{
	const csum_word_t *w = buf;
	__u32 s = 0;
	int i;

#pragma unroll
	for (i = 0; i < words; i++)
		s += w[i];
	return s;
}

/* The checksum of a sum from scratch: ~fold(sum). */
static __always_inline __sum16 csum_finish(__u32 sum)
{
	return (__sum16)~csum_fold(sum);
}

#endif /* FASTLB_CSUM_H */
