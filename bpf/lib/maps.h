/* Every BPF map of the FastLb data plane. Keys and values come from abi.h so they appear
 * in BTF; the controller writes all but fastlb_flows and the counters. */
#ifndef FASTLB_MAPS_H
#define FASTLB_MAPS_H

#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "consts.h"
#include "flows_map.h"

/* Service (VIP, port, protocol, family) -> its id. Inserted when the service is added, deleted when
 * it goes, never rewritten: a hash map hands a replaced element to the next update at once, so a
 * program still reading it would see another service's value. What changes lives in the arrays. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__type(key, struct fastlb_vip_key);
	__type(value, __u32);
} fastlb_services SEC(".maps");

/* FASTLB_SVC_CFG(service id, copy) -> the service's mode, ring and SNAT: two copies per service,
 * the controller writes the idle one whole, then flips fastlb_service_live. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_SERVICES * 2);
	__type(key, __u32);
	__type(value, struct fastlb_service);
} fastlb_service_cfg SEC(".maps");

/* Service id -> its live copy in fastlb_service_cfg (0 or 1): a flip changes one byte, in place,
 * so no reader sees it torn; mmap'd, the controller flips it with one store. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
} fastlb_service_live SEC(".maps");

/* Service id -> the key naming it (zero while none does): what a VIP-filter hint is checked against. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct fastlb_vip_key);
} fastlb_service_key SEC(".maps");

/* One selection table: slot / FASTLB_RING_PAIR -> the real indices of those slots. Each service's tables are created by the
 * controller at their own size (BPF_F_INNER_MAP) and written through mmap (BPF_F_MMAPABLE). */
struct fastlb_ring_table {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_INNER_MAP | BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32[FASTLB_RING_PAIR]);
};

/* FASTLB_RING_OUTER(service id, copy) -> the service's table: two per service, the controller
 * fills the idle copy and then flips fastlb_service.ring_active. Memory only for services that
 * exist; an absent table selects nothing. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, FASTLB_MAX_SERVICES * 2);
	__type(key, __u32);
	__array(values, struct fastlb_ring_table);
} fastlb_rings SEC(".maps");

/* Real index -> address, MAC and flags (FASTLB_REAL_F_UP). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, struct fastlb_real);
} fastlb_reals SEC(".maps");

/* 0 -> the interfaces served (MACs, ifindexes) and whether inline frames are bridged. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct fastlb_topology);
} fastlb_topology SEC(".maps");

/* enum fastlb_flow_event -> count, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_FE_MAX);
	__type(key, __u32);
	__type(value, __u64);
} fastlb_flow_events SEC(".maps");

/* Reply 5-tuple (src = real, dst = client or SNAT address) -> how to un-NAT it: the reverse
 * entry of a NAT'd flow (routed, transparent), created with the flow. The size here is a
 * template's: the controller creates the table, sized like the connection table, with the first
 * NAT service, so a balancer with none spends no memory on it. */
struct fastlb_nat_table {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1);
	/* Sizes, not types: clang emits a struct met only inside an inner map's definition as a
	 * forward declaration, which libbpf cannot size. */
	__uint(key_size, sizeof(struct fastlb_flow_key));
	__uint(value_size, sizeof(struct fastlb_nat));
};

/* enum fastlb_nat_tab -> the NAT reverse tables (nat_table_of()); absent while no NAT service was
 * configured. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct fastlb_nat_table);
} fastlb_nats SEC(".maps");

/* VIP address -> enum fastlb_vip_flags: addresses FastLb answers ARP / ND for. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__type(key, struct fastlb_vip_addr);
	__type(value, __u32);
} fastlb_vips SEC(".maps");

/* enum fastlb_port -> ifindex: where XDP_REDIRECT sends (inline topology). */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, FASTLB_PORT_MAX);
	__type(key, __u32);
	__type(value, __u32);
} fastlb_ports SEC(".maps");

/* enum fastlb_reason -> packets and bytes, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_R_MAX);
	__type(key, __u32);
	__type(value, struct fastlb_counter);
} fastlb_stats SEC(".maps");

/* Service id -> packets and bytes addressed to the service, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__type(key, __u32);
	__type(value, struct fastlb_counter);
} fastlb_svc_stats SEC(".maps");

/* Real index -> packets and bytes forwarded to the real and flows pinned to it, per CPU. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, struct fastlb_real_counter);
} fastlb_real_stats SEC(".maps");

/* Service id -> position in its round-robin sequence: one shared counter, added to atomically
 * by each new flow of the service (established packets never touch it). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_SERVICES);
	__type(key, __u32);
	__type(value, __u64);
} fastlb_rr_pos SEC(".maps");

/* Real index -> active flows: +1 when a flow is pinned, -1 on its FIN/RST, when it expires and
 * when it is rescheduled away; atomic, touched by new and closing flows only. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FASTLB_MAX_REALS);
	__type(key, __u32);
	__type(value, __s64);
} fastlb_real_active SEC(".maps");

/* Sticky client (masked flow key, service) -> its real and when it last opened a flow. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, FASTLB_STICKY_MAX);
	__type(key, struct fastlb_sticky_key);
	__type(value, struct fastlb_sticky);
} fastlb_sticky SEC(".maps");

#endif /* FASTLB_MAPS_H */
