/* The context of a map-element iterator (SEC("iter/bpf_map_elem")), as the kernel's BTF lays it
 * out; CO-RE relocates the fields at load, so no vmlinux.h is needed. */
#ifndef FASTLB_ITER_H
#define FASTLB_ITER_H

#include <linux/types.h>

struct bpf_iter_meta {
	void *seq;
	__u64 session_id;
	__u64 seq_num;
} __attribute__((preserve_access_index));

struct bpf_iter__bpf_map_elem {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
	void *key;
	void *value; /* NULL once past the last element */
} __attribute__((preserve_access_index));

#endif
