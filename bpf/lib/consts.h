/* Data-plane tunables that stay inside the kernel side (the shared limits live in abi.h). */
#ifndef FASTLB_CONSTS_H
#define FASTLB_CONSTS_H

/* The shortest refresh period of a flow's refreshed time (ns); see refresh_of (timeouts.h). */
#ifndef FASTLB_FLOW_REFRESH_MIN_NS
#define FASTLB_FLOW_REFRESH_MIN_NS 1000000000ull
#endif

/* IPv6 extension headers (hop-by-hop, routing, destination options) walked before L4. */
#ifndef FASTLB_IP6_EXT_MAX
#define FASTLB_IP6_EXT_MAX 4
#endif

/* SNAT ports tried for a new flow before the flow is dropped as DROP_SNAT_EXHAUSTED: from its
 * hash on, a stride apart (nat_create), wrapping in the range. */
#ifndef FASTLB_SNAT_PROBES
#define FASTLB_SNAT_PROBES 8
#endif

/* Ranges larger than this are probed a per-flow stride apart, so taken ports form no runs that
 * every flow hashing into them must walk (of the flows that filled half of a 64,512-port range,
 * port after port refused 0.5 %, the stride 0.03-0.05 %); smaller ones port after port, so that
 * every port of a range of up to FASTLB_SNAT_PROBES is tried. */
#define FASTLB_SNAT_SCATTER_MIN 256

/* Least connections scans at most this many eligible reals exactly; a larger pool compares two
 * reals drawn at random (power of two choices). */
#ifndef FASTLB_LC_SCAN_MAX
#define FASTLB_LC_SCAN_MAX 256
#endif

/* Clients remembered by sticky services (LRU). */
#ifndef FASTLB_STICKY_MAX
#define FASTLB_STICKY_MAX 262144
#endif


#define FASTLB_TCP_FIN 0x01
#define FASTLB_TCP_SYN 0x02
#define FASTLB_TCP_RST 0x04
#define FASTLB_TCP_ACK 0x10

#endif /* FASTLB_CONSTS_H */
