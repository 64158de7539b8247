/* Maps of every kernel type the C# map layer handles, with every ABI struct and enum in BTF,
 * for the interop tests (tests/FastLb.Interop.Tests). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "abi.h"
#include "decap_abi.h"

/* Keeps every ABI enum in BTF (the compiler drops unused ones). */
struct abi_enums {
	enum fastlb_family family;
	enum fastlb_mode mode;
	enum fastlb_algorithm algorithm;
	enum fastlb_real_flags real_flags;
	enum fastlb_reason reason;
	enum fastlb_service_flags service_flags;
	enum fastlb_topology_flags config_flags;
	enum fastlb_vip_flags vip_flags;
	enum fastlb_port port;
	enum fastlb_decap_reason decap_reason;
	enum fastlb_hash_field hash_field;
	enum fastlb_flow_state flow_state;
	enum fastlb_flow_event flow_event;
	enum fastlb_flow_bucket_flags flow_bucket_flags;
	enum fastlb_vip_hint_flags vip_hint_flags;
	enum fastlb_nat_tab nat_tab;
	struct fastlb_timeouts timeouts;
};

/* Hash: VIP key -> service. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, struct fastlb_vip_key);
	__type(value, struct fastlb_service);
} t_hash SEC(".maps");

/* Array: index -> real. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, struct fastlb_real);
} t_array SEC(".maps");

/* Per-CPU array: index -> counter. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct fastlb_counter);
} t_percpu SEC(".maps");

/* Per-CPU array of a 24-byte value (stride stays 24). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct fastlb_real_counter);
} t_percpu_real SEC(".maps");

/* LRU hash: flow key -> flow. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct fastlb_flow_key);
	__type(value, struct fastlb_flow);
} t_lru SEC(".maps");

/* Config and enum carriers, for BTF only. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fastlb_topology);
} t_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct abi_enums);
} t_enums SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct fastlb_vip_addr);
	__type(value, struct fastlb_nat);
} t_nat SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fastlb_encap);
} t_encap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fastlb_flow_bucket);
} t_flow_bucket SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fastlb_decap_config);
} t_decap_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct fastlb_sticky_key);
	__type(value, struct fastlb_sticky);
} t_sticky SEC(".maps");

SEC("xdp")
int interop_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
