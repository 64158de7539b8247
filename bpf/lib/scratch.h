/* Per-CPU scratch areas: structures a step needs that would not fit the 512-byte stack beside the
 * rest of the program. One entry per CPU, used start to end of one packet (XDP does not migrate
 * or nest on a CPU), so no two packets share one. */
#ifndef FASTLB_SCRATCH_H
#define FASTLB_SCRATCH_H

#include <linux/bpf.h>
#include <linux/types.h>

#include <bpf/bpf_helpers.h>

/* Defines map _name: a one-entry per-CPU array of _value, looked up with key 0. */
#define SCRATCH_MAP(_name, _value)                       \
	struct {                                         \
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); \
		__uint(max_entries, 1);                  \
		__type(key, __u32);                      \
		__type(value, _value);                   \
	} _name SEC(".maps")

#endif /* FASTLB_SCRATCH_H */
