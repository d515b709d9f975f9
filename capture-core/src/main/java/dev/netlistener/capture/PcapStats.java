// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * libpcap's counters ({@code pcap_stats}) since the handle was activated. On Linux,
 * {@code received} counts every packet that passed the filter, including those the kernel then
 * dropped for lack of buffer space ({@code droppedByKernel}); {@code droppedByInterface} is what
 * the network interface itself dropped, where the platform reports it.
 *
 * @param received           packets that passed the filter ({@code ps_recv})
 * @param droppedByKernel    dropped for lack of buffer space ({@code ps_drop})
 * @param droppedByInterface dropped by the interface ({@code ps_ifdrop}), where reported
 */
public record PcapStats(long received, long droppedByKernel, long droppedByInterface) {
}
