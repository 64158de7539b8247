/* Compiler helpers shared by every BPF source: forced inlining and branch hints. */
#ifndef FASTLB_COMPILER_H
#define FASTLB_COMPILER_H

#include <linux/bpf.h>
#include <linux/types.h>

#include <bpf/bpf_helpers.h> /* defines __always_inline for BPF */

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* A BPF subprogram with its own stack frame: the larger steps (NAT modes, replies, ICMP, the
 * neighbour responder) would not fit the 512-byte stack inlined together. */
#ifndef __noinline
#define __noinline __attribute__((noinline))
#endif

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#endif /* FASTLB_COMPILER_H */
