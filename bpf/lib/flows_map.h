/* The connection table's map, apart from the other maps so the recount (flow_count.bpf.c) declares
 * it alone and is handed the data plane's. */
#ifndef FASTLB_FLOWS_MAP_H
#define FASTLB_FLOWS_MAP_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"

/* The connection table (flowtab.h): FASTLB_FLOWS_MAX / FASTLB_FLOW_WAYS buckets of slots, each
 * slot a flow's key and pinned real in one cache line. Memory-mapped so the values start on a
 * page and every bucket on whole cache lines of its own. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_FLOWS_MAX / FASTLB_FLOW_WAYS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct fastlb_flow_bucket);
} fastlb_flows SEC(".maps");

#endif /* FASTLB_FLOWS_MAP_H */
