/* A reference balancer for the per-packet bench: the published design of the best-known open XDP
 * balancer, written lean, so that FastLb's L3 DSR rows have a like-for-like neighbour measured in
 * the same run, on the same harness and frames. Per packet:
 *   parse (IPv4 without options, not a fragment; TCP or UDP);
 *   the VIP in a hash map (VIP, port, protocol), then the VIP with port 0;
 *   the per-packet counter;
 *   unless the packet is a SYN, this CPU's connection table (an LRU hash taken from an array of
 *   maps by CPU number, keyed by the 40-byte 5-tuple) names the real's position;
 *   on a miss: the new-connection rate check (a clock read and a counter), jhash of the source
 *   address and ports into the VIP's 65,537-slot ring, the real from an array, the table written;
 *   the per-VIP and per-real counters (packets, bytes);
 *   IPIP encapsulation (outer source: a prefix and bits of the client's address and port) to one
 *   next-hop MAC from a control array (no route lookup), and XDP_TX.
 * It is a yardstick, not a product: IPv6, ICMP and everything else is passed to the kernel. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define REF_VIPS 16
#define REF_RING 65537
#define REF_REALS 4096
#define REF_LRU_SIZE (1 << 22) /* FastLb's default connection table: 4 Mi flows */
#define REF_CPUS 8 /* array-of-maps slots filled at load; a CPU past them uses the table directly */
#define REF_HASH_SEED 0x12345678u
#define REF_UDP_TIMEOUT_NS (30ull * 1000000000ull)
#define REF_ONE_SEC_NS 1000000000ull
/* Above any rate the bench reaches, so that every new flow is written, as below the limit. */
#define REF_MAX_CONN_RATE 1000000000ull

/* ref_stats slots past the per-VIP ones. */
enum {
	REF_S_LRU = REF_VIPS, /* v1 packets looked up, v2 table misses */
	REF_S_LRU_MISS, /* TCP misses: v1 SYNs, v2 other segments */
	REF_S_CONN_RATE, /* v1 new connections this second, v2 the second's start */
	REF_S_MAX,
};

struct ref_vip {
	__be32 addr;
	__be16 port;
	__u8 proto;
	__u8 pad;
};

struct ref_vip_meta {
	__u32 flags;
	__u32 num;
};

struct ref_flow {
	__be32 src[4];
	__be32 dst[4];
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct ref_pos {
	__u32 pos;
	__u32 pad;
	__u64 atime;
};

struct ref_real {
	__be32 addr;
	__u32 flags;
};

struct ref_counters {
	__u64 v1;
	__u64 v2;
};

struct ref_ctl {
	__u8 mac[6];
	__u8 pad[2];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, REF_VIPS);
	__type(key, struct ref_vip);
	__type(value, struct ref_vip_meta);
} ref_vips SEC(".maps");

struct ref_lru_map {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, REF_LRU_SIZE);
	__type(key, struct ref_flow);
	__type(value, struct ref_pos);
} ref_lru SEC(".maps");

/* CPU number -> that CPU's connection table. The bench runs one CPU at a time, so every slot holds
 * the same table. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, REF_CPUS);
	__type(key, __u32);
	__array(values, struct ref_lru_map);
} ref_lrus SEC(".maps") = {
	.values = { &ref_lru, &ref_lru, &ref_lru, &ref_lru, &ref_lru, &ref_lru, &ref_lru, &ref_lru },
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, REF_VIPS * REF_RING);
	__type(key, __u32);
	__type(value, __u32);
} ref_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, REF_REALS);
	__type(key, __u32);
	__type(value, struct ref_real);
} ref_reals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, REF_S_MAX);
	__type(key, __u32);
	__type(value, struct ref_counters);
} ref_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, REF_REALS);
	__type(key, __u32);
	__type(value, struct ref_counters);
} ref_real_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ref_ctl);
} ref_ctl SEC(".maps");

static __always_inline __u32 rol32(__u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

/* Bob Jenkins' lookup3 final mix over two words, as the kernel's jhash_2words. */
static __always_inline __u32 ref_jhash_2words(__u32 a, __u32 b, __u32 seed)
{
	__u32 c = seed + 0xdeadbeef + (2 << 2);

	a += c;
	b += c;
	c ^= b; c -= rol32(b, 14);
	a ^= c; a -= rol32(c, 11);
	b ^= a; b -= rol32(a, 25);
	c ^= b; c -= rol32(b, 16);
	a ^= c; a -= rol32(c, 4);
	b ^= a; b -= rol32(a, 14);
	c ^= b; c -= rol32(b, 24);
	return c;
}

/* True when new connections exceed the rate limit this second (the table is then not written). */
static __always_inline int ref_under_flood(__u64 *now)
{
	__u32 key = REF_S_CONN_RATE;
	struct ref_counters *rate = bpf_map_lookup_elem(&ref_stats, &key);

	if (!rate)
		return 1;
	*now = bpf_ktime_get_ns();
	if (*now - rate->v2 > REF_ONE_SEC_NS) {
		rate->v1 = 1;
		rate->v2 = *now;
		return 0;
	}
	return ++rate->v1 > REF_MAX_CONN_RATE;
}

/* The real for a flow the table does not hold: the ring slot of its hash, the table written. */
static __always_inline struct ref_real *ref_schedule(struct ref_flow *f, const struct ref_vip_meta *vip, void *lru,
						     __u32 *real_index)
{
	struct ref_pos pos = {};
	__u64 now = 0;
	int flood = ref_under_flood(&now);
	__u32 key, *slot;
	struct ref_real *real;

	key = REF_RING * vip->num + ref_jhash_2words(f->src[0], ((__u32)f->dport << 16) | f->sport, REF_HASH_SEED) % REF_RING;
	slot = bpf_map_lookup_elem(&ref_ring, &key);
	if (!slot)
		return NULL;
	key = *slot;
	real = bpf_map_lookup_elem(&ref_reals, &key);
	if (!real)
		return NULL;
	*real_index = key;
	if (!flood) {
		if (f->proto == IPPROTO_UDP)
			pos.atime = now;
		pos.pos = key;
		bpf_map_update_elem(lru, f, &pos, BPF_ANY);
	}
	return real;
}

/* The real the table names for the flow, NULL on a miss (or an expired UDP entry). */
static __always_inline struct ref_real *ref_lookup(struct ref_flow *f, void *lru, __u32 *real_index)
{
	struct ref_pos *pos = bpf_map_lookup_elem(lru, f);

	if (!pos)
		return NULL;
	if (f->proto == IPPROTO_UDP) {
		__u64 now = bpf_ktime_get_ns();

		if (now - pos->atime > REF_UDP_TIMEOUT_NS)
			return NULL;
		pos->atime = now;
	}
	*real_index = pos->pos;
	return bpf_map_lookup_elem(&ref_reals, real_index);
}

static __always_inline void ref_count(void *map, __u32 key, __u64 bytes)
{
	struct ref_counters *c = bpf_map_lookup_elem(map, &key);

	if (c) {
		c->v1++;
		c->v2 += bytes;
	}
}

/* The outer IPv4 header in front of the frame, to `real` via the control array's MAC. */
static __always_inline int ref_encap(struct xdp_md *ctx, const struct ref_flow *f, const struct ref_real *real,
				     const struct ref_ctl *ctl, __u8 tos, __u16 pkt_bytes)
{
	struct ethhdr *eth, *old_eth;
	struct iphdr *iph;
	void *data, *data_end;
	__u16 *word;
	__u32 sum = 0;
	__be32 suffix;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return -1;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	eth = data;
	iph = data + sizeof(*eth);
	old_eth = data + sizeof(*iph);
	if ((void *)(eth + 1) > data_end || (void *)(old_eth + 1) > data_end || (void *)(iph + 1) > data_end)
		return -1;
	__builtin_memcpy(eth->h_dest, ctl->mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, old_eth->h_dest, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IP);

	/* 198.51.100.x, x from the client's address and port, so a real's NIC spreads the flows. */
	suffix = ((__u32)bpf_htons(f->sport) << 16) ^ f->src[0];
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = tos;
	iph->tot_len = bpf_htons(pkt_bytes + sizeof(*iph));
	iph->id = 0;
	iph->frag_off = 0;
	iph->ttl = 64;
	iph->protocol = IPPROTO_IPIP;
	iph->check = 0;
	iph->saddr = (suffix & bpf_htonl(0xff)) | bpf_htonl(0xc6336400);
	iph->daddr = real->addr;
	word = (__u16 *)iph;
#pragma unroll
	for (int i = 0; i < (int)sizeof(*iph) / 2; i++)
		sum += word[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	iph->check = ~sum;
	return 0;
}

SEC("xdp")
int ref_balancer(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ref_flow f = {};
	struct ref_vip vip = {};
	struct ref_vip_meta *meta;
	struct ref_real *real = NULL;
	struct ref_ctl *ctl;
	struct iphdr *iph;
	__u32 key, cpu, real_index = 0;
	__u16 pkt_bytes;
	void *lru;
	int syn = 0;
	__u8 tos;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_DROP;
	if (iph->ihl != 5 || (iph->frag_off & bpf_htons(0x3fff)))
		return XDP_DROP;
	tos = iph->tos;
	pkt_bytes = bpf_ntohs(iph->tot_len);
	f.proto = iph->protocol;
	f.src[0] = iph->saddr;
	f.dst[0] = iph->daddr;
	if (f.proto == IPPROTO_TCP) {
		struct tcphdr *th = (void *)(iph + 1);

		if ((void *)(th + 1) > data_end)
			return XDP_DROP;
		f.sport = th->source;
		f.dport = th->dest;
		syn = th->syn;
	} else if (f.proto == IPPROTO_UDP) {
		__be16 *ports = (void *)(iph + 1);

		if ((void *)(ports + 2) > data_end)
			return XDP_DROP;
		f.sport = ports[0];
		f.dport = ports[1];
	} else {
		return XDP_PASS;
	}

	vip.addr = f.dst[0];
	vip.port = f.dport;
	vip.proto = f.proto;
	meta = bpf_map_lookup_elem(&ref_vips, &vip);
	if (!meta) {
		vip.port = 0;
		meta = bpf_map_lookup_elem(&ref_vips, &vip);
		if (!meta)
			return XDP_PASS;
		f.dport = 0;
	}

	key = REF_S_LRU;
	struct ref_counters *lru_stats = bpf_map_lookup_elem(&ref_stats, &key);

	if (!lru_stats)
		return XDP_DROP;
	lru_stats->v1++;

	cpu = bpf_get_smp_processor_id();
	lru = bpf_map_lookup_elem(&ref_lrus, &cpu);
	if (!lru)
		lru = &ref_lru;
	if (!syn)
		real = ref_lookup(&f, lru, &real_index);
	if (!real) {
		if (f.proto == IPPROTO_TCP) {
			key = REF_S_LRU_MISS;
			struct ref_counters *miss = bpf_map_lookup_elem(&ref_stats, &key);

			if (!miss)
				return XDP_DROP;
			if (syn)
				miss->v1++;
			else
				miss->v2++;
		}
		real = ref_schedule(&f, meta, lru, &real_index);
		if (!real)
			return XDP_DROP;
		lru_stats->v2++;
	}

	key = 0;
	ctl = bpf_map_lookup_elem(&ref_ctl, &key);
	if (!ctl)
		return XDP_DROP;
	ref_count(&ref_stats, meta->num, pkt_bytes);
	ref_count(&ref_real_stats, real_index, pkt_bytes);
	if (ref_encap(ctx, &f, real, ctl, tos, pkt_bytes))
		return XDP_DROP;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
