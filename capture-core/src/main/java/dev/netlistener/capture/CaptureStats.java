// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * Where every packet went.
 *
 * @param received            packets libpcap saw: its {@code ps_recv} for a live capture (which on
 *                            Linux includes those the kernel then dropped), packets read for a file
 * @param droppedByKernel     dropped by the kernel for lack of buffer space ({@code ps_drop}): the
 *                            capture did not read fast enough
 * @param droppedByInterface  dropped by the network interface ({@code ps_ifdrop}, where reported)
 * @param captured            packets read from libpcap or the file
 * @param capturedBytes       their lengths on the wire, summed
 * @param droppedByRetention  read, decoded, counted into the flow table and written to the pcap
 *                            file, but their rows were dropped because {@code retention} rows
 *                            already waited for {@code get()} (live captures only; a file waits)
 * @param decoded             packets decoded so far (OK, truncated or malformed): every packet read
 * @param truncated           decoded packets whose captured bytes ran out inside a header
 * @param malformed           decoded packets with a header that contradicts itself (or on which a
 *                            decoder threw)
 * @param handlerErrors       exceptions thrown by {@code poll} handlers (capture went on)
 * @param writtenToFile       packets written to the {@code writeTo} file ({@link PcapWriter#written()})
 * @param leftOutOfFile       packets a pcap {@code writeTo} file left out for their link type ({@link PcapWriter#leftOut()})
 * @param fragmentPortsInherited   IP fragments given their datagram's ports from its first fragment
 *                                 ({@link CaptureConfig.Builder#fragmentPorts(boolean)})
 * @param fragmentsWithoutPorts    IP fragments other than the first left without ports: their
 *                                 datagram's first fragment had not come before them (it came later,
 *                                 was lost, or the datagram had timed out), or it had no ports (ICMP)
 * @param fragmentDatagramsExpired fragmented datagrams given up incomplete 30 s after their first fragment
 * @param fragmentDatagramsEvicted fragmented datagrams given up incomplete because the fragment table was full
 */
public record CaptureStats(long received, long droppedByKernel, long droppedByInterface, long captured,
                           long capturedBytes, long droppedByRetention, long decoded, long truncated,
                           long malformed, long handlerErrors, long writtenToFile, long leftOutOfFile,
                           long fragmentPortsInherited, long fragmentsWithoutPorts, long fragmentDatagramsExpired,
                           long fragmentDatagramsEvicted) {

    /** {@return packets lost before reaching the application: dropped by the kernel, the interface, or retention} */
    public long dropped() {
        return droppedByKernel + droppedByInterface + droppedByRetention;
    }

    /** One line for logs: {@code received=… captured=… dropped(kernel=… interface=… retention=…) …}. */
    @Override
    public String toString() {
        return "received=" + received + " captured=" + captured + " decoded=" + decoded
                + " dropped(kernel=" + droppedByKernel + " interface=" + droppedByInterface
                + " retention=" + droppedByRetention + ") truncated=" + truncated + " malformed=" + malformed
                + (handlerErrors > 0 ? " handlerErrors=" + handlerErrors : "")
                + (writtenToFile > 0 || leftOutOfFile > 0 ? " written=" + writtenToFile : "")
                + (leftOutOfFile > 0 ? " leftOut=" + leftOutOfFile : "")
                + (fragmentPortsInherited > 0 || fragmentsWithoutPorts > 0 ? " fragments(ports=" + fragmentPortsInherited
                        + " withoutPorts=" + fragmentsWithoutPorts + " expired=" + fragmentDatagramsExpired
                        + " evicted=" + fragmentDatagramsEvicted + ")" : "");
    }
}
