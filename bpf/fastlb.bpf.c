/* FastLb XDP entry: parse -> classify -> flow lookup -> select -> rewrite -> emit, counting
 * every packet under the reason that decided it. */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "compiler.h"
#include "conntrack.h"
#include "dsr.h"
#include "flow.h"
#include "maps.h"
#include "pkt.h"
#include "select.h"
#include "service.h"
#include "stats.h"

SEC("xdp")
int fastlb_xdp(struct xdp_md *ctx)
{
	struct pkt_cursor pc = {
	    .data = (void *)(long)ctx->data,
	    .data_end = (void *)(long)ctx->data_end,
	};
	__u32 len = pc.data_end - pc.data;
	struct fastlb_flow_key key;
	struct fastlb_service *svc;
	struct fastlb_real *real;
	__u32 real_idx = 0;
	int new_flow = 0;
	__u64 now;
	int ret;

	ret = flow_extract(&pc, &key);
	if (ret != FASTLB_OK)
		return stats_finish(ret, len);

	svc = svc_lookup(&key);
	if (!svc)
		return stats_finish(FASTLB_R_PASS_NOT_VIP, len);
	stats_service(svc->id, len);
	if (unlikely(!svc_supported(svc)))
		return stats_finish(FASTLB_R_DROP_BAD_SERVICE, len);

	now = bpf_ktime_get_ns();
	real = ct_lookup(&key, now, &real_idx);
	if (!real) {
		real = sel_maglev(svc, flow_hash(&key), &real_idx);
		if (!real)
			return stats_finish(FASTLB_R_DROP_NO_REAL, len);
		ct_create(&key, real_idx, svc->id, now);
		new_flow = 1;
	}

	/* Cannot fail after a successful parse; counted as malformed rather than sent. */
	if (unlikely(dsr_l2_rewrite(ctx, real)))
		return stats_finish(FASTLB_R_DROP_MALFORMED, len);
	stats_real(real_idx, len, new_flow);
	return stats_finish(FASTLB_R_TX_FORWARD, len);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
