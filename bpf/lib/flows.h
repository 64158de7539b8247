/* Flow pinning: which real (and SNAT port) a 5-tuple was given, so later packets follow it, and
 * the flow's TCP state (new, established, closing), which decides its idle timeout and whether
 * it counts as an active flow of its real. */
#ifndef FASTLB_FLOWS_H
#define FASTLB_FLOWS_H

#include <linux/in.h>

#include "abi.h"
#include "active.h"
#include "compiler.h"
#include "consts.h"
#include "flowtab.h"
#include "maps.h"
#include "reals.h"
#include "service.h"
#include "timeouts.h"

/* What a pinned flow gives the packet: its real and SNAT port, and whether the entry was
 * refreshed by this packet (then NAT modes re-insert an evicted reverse entry). */
struct flow_pin {
	struct fastlb_real *real;
	__u32 real_idx;
	__u32 hash; /* flow_hash() of the key: the table's buckets, a new flow's ring slot, the tunnels' outer bits */
	__be16 snat_port;
	__u8 refreshed;
	__u8 is_new; /* no usable entry: the flow is being pinned by this packet */
	__u8 has_entry; /* the table held an entry of the flow's key when looked up */
	__u8 opening; /* the flow has sent only SYNs: its NAT reverse entry is in the opening table */
	__u8 pad[2];
};

/* Adds one to fastlb_flow_events[event]. */
static __always_inline void flow_event(__u32 event)
{
	__u64 *n = bpf_map_lookup_elem(&fastlb_flow_events, &event);

	if (n)
		*n += 1;
}

/* An entry (pinned to real `idx` of generation `gen`, in `state`) leaves the table: the real has
 * one active flow fewer, unless the flow was already closing or the index now names another real. */
static __always_inline void flow_release(__u32 idx, __u32 gen, __u8 state)
{
	struct fastlb_real *real;

	if (state == FASTLB_FS_CLOSING || idx >= FASTLB_MAX_REALS_LIMIT)
		return;
	real = bpf_map_lookup_elem(&fastlb_reals, &idx);
	if (real && real->gen == gen)
		active_add(idx, -1);
}

/* Moves the entry in `slot` (sequence word `word`) to `state`, refreshing it; 0 when another CPU
 * was writing the slot (the change waits for a later packet). */
static __always_inline int flow_set_state(struct fastlb_flow_slot *slot, __u64 word, __u8 state, __u32 now)
{
	if (!flowtab_claim(slot, word)) {
		flow_event(FASTLB_FE_BUSY);
		return 0;
	}
	slot->flow.state = state;
	slot->flow.refreshed = now;
	flowtab_release(slot, word, (__u32)(word >> 32));
	return 1;
}

/* flows_lookup's answers. */
enum flows_found {
	FLOWS_MISS = 0,	       /* the flow is new: its entry is not usable (see flows_lookup) */
	FLOWS_HIT = 1,	       /* `pin` and the service hold the flow's */
	FLOWS_UNCONFIRMED = 2, /* an entry whose service the tag did not confirm: look again by the service map */
	FLOWS_ABSENT = 3,      /* the flow is new: no entry */
	FLOWS_STATELESS = 4,   /* not looked up: the service keeps no entries (forward.h) */
};

/* Fills `pin` from the flow's entry and returns FLOWS_HIT, or FLOWS_MISS when the flow is new: no
 * entry (FLOWS_ABSENT), an entry of another service, an entry idle past its state's timeout, a real that now
 * belongs to another service or is another real of the same service (its index was reused on a
 * reload, which changes the index's generation: it must not capture the flow), a real that is no
 * longer up, or a SYN on a closing flow (a new connection). With *svc NULL the entry names the
 * service: its live config when the key tagged `tag` still names it (*svc set), else
 * FLOWS_UNCONFIRMED. A FIN or RST moves the flow to closing, a packet without SYN a SYN-only flow
 * to established. `pin->hash` is the key's hash. The entry's refreshed time is written at most
 * once a period. */
static __always_inline int flows_lookup(const struct fastlb_flow_key *key, const struct fastlb_service **svc,
					__u32 tag, __u64 now_ns, __u8 tcp_flags, struct flow_pin *pin)
{
	struct fastlb_flow_slot *slot;
	struct fastlb_real *real;
	int tcp = key->proto == IPPROTO_TCP;
	__u32 now = flow_time(now_ns), idx, where, service;
	__u8 state;
	__u64 word = 0;

	slot = flowtab_first(key, pin->hash, &word);
	if (!slot) {
		where = flowtab_find(key, pin->hash, &word);
		slot = where == FLOWTAB_PICK_NONE ? NULL : flowtab_slot(pin->hash, where);
	}
	if (!slot)
		return FLOWS_ABSENT;
	pin->has_entry = 1;
	state = slot->flow.state;
	idx = (__u32)(word >> 32);
	service = slot->flow.service;
	if (!*svc) {
		*svc = svc_tagged(service, tag);
		if (!*svc)
			return FLOWS_UNCONFIRMED;
	} else if ((*svc)->id != service) {
		return FLOWS_MISS;
	}
	/* A SYN on a closed flow opens a new connection on the reused 5-tuple: scheduled and counted
	 * anew (the closing entry no longer counts as active, so nothing is subtracted). */
	if (tcp && (tcp_flags & FASTLB_TCP_SYN) && state == FASTLB_FS_CLOSING)
		return FLOWS_MISS;
	real = real_up(idx);
	if (!real || real->service != service || real->gen != slot->flow.real_gen)
		return FLOWS_MISS;
	if (flow_idle_ns(&slot->flow, now) > expiry_of(key->proto, state)) {
		flow_event(FASTLB_FE_EXPIRED);
		return FLOWS_MISS;
	}
	pin->snat_port = slot->flow.snat_port;
	if (!flowtab_stable(slot, word))
		return FLOWS_MISS; /* rewritten while read: the flow lost its slot */
	pin->refreshed = 0;
	if (tcp && (tcp_flags & (FASTLB_TCP_FIN | FASTLB_TCP_RST)) && state != FASTLB_FS_CLOSING) {
		if (flow_set_state(slot, word, FASTLB_FS_CLOSING, now))
			active_add(idx, -1);
	} else if (tcp && state == FASTLB_FS_NEW && !(tcp_flags & FASTLB_TCP_SYN)) {
		if (flow_set_state(slot, word, FASTLB_FS_ESTABLISHED, now)) {
			flow_event(FASTLB_FE_PROMOTED);
			pin->refreshed = 1;
		}
	} else if (flow_idle_ns(&slot->flow, now) > refresh_of(key->proto, state)) {
		/* One word, no sequence: a slot rewritten meanwhile only gets a fresher time. */
		slot->flow.refreshed = now;
		pin->refreshed = 1;
	}
	pin->opening = tcp && state == FASTLB_FS_NEW && (tcp_flags & FASTLB_TCP_SYN);
	pin->real = real;
	pin->real_idx = idx;
	return FLOWS_HIT;
}

/* The state a flow starts in: a first packet need not be a SYN (a node taking over mid-flow). */
static __always_inline __u8 flow_first_state(__u8 proto, __u8 tcp_flags)
{
	if (proto != IPPROTO_TCP)
		return FASTLB_FS_ESTABLISHED;
	if (tcp_flags & (FASTLB_TCP_FIN | FASTLB_TCP_RST))
		return FASTLB_FS_CLOSING;
	return (tcp_flags & FASTLB_TCP_SYN) ? FASTLB_FS_NEW : FASTLB_FS_ESTABLISHED;
}

/* Pins the flow to the real and SNAT port in `pin`, in the slot flowtab_choose gives it (what was
 * there loses its place, and its real an active flow). A SYN-only flow never takes a live
 * established flow's slot (counted FULL); a slot another CPU writes meanwhile is left (counted
 * BUSY). An open flow counts as active on its real. */
static __always_inline void flow_pin_write(const struct fastlb_flow_key *key, const struct flow_pin *pin,
					   __u32 service, __u64 now_ns, __u8 tcp_flags)
{
	struct fastlb_flow_slot *slot;
	__u8 state = flow_first_state(key->proto, tcp_flags), old_family, old_state;
	__u32 now = flow_time(now_ns), old_gen, pick, rank, self;
	__u64 word = 0;

	pick = flowtab_choose(key, pin->hash, now, pin->has_entry, &word);
	slot = pick == FLOWTAB_PICK_NONE ? NULL : flowtab_slot(pin->hash, pick);
	if (!slot) {
		flow_event(FASTLB_FE_BUSY);
		return;
	}
	rank = FLOWTAB_PICK_RANK(pick);
	self = pick & FLOWTAB_PICK_SELF;
	if (state == FASTLB_FS_NEW && rank == FLOWTAB_LIVE && !self) {
		flow_event(FASTLB_FE_FULL);
		return;
	}
	if (pick & FLOWTAB_PICK_FAR) {
		flowtab_mark_overflow(pin->hash, pick);
		flow_event(FASTLB_FE_PLACED_FAR);
	}
	if (!flowtab_claim(slot, word)) {
		flow_event(FASTLB_FE_BUSY);
		return;
	}
	old_family = slot->key.family;
	old_state = slot->flow.state;
	old_gen = slot->flow.real_gen;
	slot->key = *key;
	slot->flow.real_gen = pin->real->gen;
	slot->flow.refreshed = now;
	slot->flow.service = service;
	slot->flow.snat_port = pin->snat_port;
	slot->flow.state = state;
	flowtab_release(slot, word, pin->real_idx);
	if (old_family) {
		flow_release((__u32)(word >> 32), old_gen, old_state);
		if (rank == FLOWTAB_LIVE && !self)
			flow_event(FASTLB_FE_EVICTED);
	}
	flow_event(state == FASTLB_FS_NEW ? FASTLB_FE_NEW_SYN : FASTLB_FE_NEW);
	if (state != FASTLB_FS_CLOSING)
		active_add(pin->real_idx, 1);
}

/* flow_pin_write out of line: its locals stay off the caller's frame. */
static __noinline void flow_pin_create(const struct fastlb_flow_key *key, const struct flow_pin *pin,
				       __u32 service, __u64 now_ns, __u8 tcp_flags)
{
	flow_pin_write(key, pin, service, now_ns, tcp_flags);
}

#endif /* FASTLB_FLOWS_H */
