/* The flow hash: the connection table's buckets, a new flow's selection slot, the tunnels' varying
 * outer bits. The key's ten words, each times its own odd 64-bit constant, summed (independent
 * multiplies: a few cycles where a word-by-word mixing chain such as jhash takes tens), then
 * splitmix64's finalizer, so every bit of the result depends on every bit of the key. Plain C over
 * <linux/types.h>: the same source builds on the host for known answers (FlowHash.cs mirrors it). */
#ifndef FASTLB_FLOW_HASH_H
#define FASTLB_FLOW_HASH_H

#include <linux/types.h>

/* murmur3's 32-bit finalizer: every output bit depends on every input bit (the connection table's
 * second bucket, the VIP filter). */
static __always_inline __u32 hash_mix32(__u32 h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static __always_inline __u32 flow_hash_words(const __u32 *w, __u64 seed)
{
	__u64 h = seed + w[0] * 0xccb37a5f8558f735ull + w[1] * 0xda196776220f933full + w[2] * 0xebacb5b73f0493d1ull +
		  w[3] * 0x131e53282b2633b9ull + w[4] * 0x1ae7941429bccca3ull + w[5] * 0x8c7c58d3a2f56539ull +
		  w[6] * 0xd67dade7db829347ull + w[7] * 0xe3d5eea035510149ull + w[8] * 0x9dd84fc49dcab0d7ull +
		  w[9] * 0x673bded62e171e83ull;

	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (__u32)(h ^ (h >> 32));
}

#endif /* FASTLB_FLOW_HASH_H */
