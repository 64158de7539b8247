/* Bob Jenkins' lookup3 hash over 32-bit words, bit-for-bit the Linux jhash2 (C# mirrors it). */
#ifndef FASTLB_JHASH_H
#define FASTLB_JHASH_H

#include <linux/types.h>

#include "compiler.h"

#define JHASH_INITVAL 0xdeadbeefu

static __always_inline __u32 jhash_rol32(__u32 word, unsigned int shift)
{
	return (word << shift) | (word >> ((-shift) & 31));
}

#define __jhash_mix(a, b, c)                                                                       \
	{                                                                                          \
		a -= c;                                                                            \
		a ^= jhash_rol32(c, 4);                                                            \
		c += b;                                                                            \
		b -= a;                                                                            \
		b ^= jhash_rol32(a, 6);                                                            \
		a += c;                                                                            \
		c -= b;                                                                            \
		c ^= jhash_rol32(b, 8);                                                            \
		b += a;                                                                            \
		a -= c;                                                                            \
		a ^= jhash_rol32(c, 16);                                                           \
		c += b;                                                                            \
		b -= a;                                                                            \
		b ^= jhash_rol32(a, 19);                                                           \
		a += c;                                                                            \
		c -= b;                                                                            \
		c ^= jhash_rol32(b, 4);                                                            \
		b += a;                                                                            \
	}

#define __jhash_final(a, b, c)                                                                     \
	{                                                                                          \
		c ^= b;                                                                            \
		c -= jhash_rol32(b, 14);                                                           \
		a ^= c;                                                                            \
		a -= jhash_rol32(c, 11);                                                           \
		b ^= a;                                                                            \
		b -= jhash_rol32(a, 25);                                                           \
		c ^= b;                                                                            \
		c -= jhash_rol32(b, 16);                                                           \
		a ^= c;                                                                            \
		a -= jhash_rol32(c, 4);                                                            \
		b ^= a;                                                                            \
		b -= jhash_rol32(a, 14);                                                           \
		c ^= b;                                                                            \
		c -= jhash_rol32(b, 24);                                                           \
	}

/* jhash2(k, length, initval): `length` words read in host order. `length` must be a
 * compile-time constant so the loop unrolls. */
static __always_inline __u32 jhash2(const __u32 *k, __u32 length, __u32 initval)
{
	__u32 a, b, c;

	a = b = c = JHASH_INITVAL + (length << 2) + initval;
#pragma unroll
	while (length > 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		__jhash_mix(a, b, c);
		length -= 3;
		k += 3;
	}
	switch (length) {
	case 3:
		c += k[2];
		/* fall through */
	case 2:
		b += k[1];
		/* fall through */
	case 1:
		a += k[0];
		__jhash_final(a, b, c);
		break;
	case 0:
		break;
	}
	return c;
}

#endif /* FASTLB_JHASH_H */
