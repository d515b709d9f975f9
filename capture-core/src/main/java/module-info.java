// SPDX-License-Identifier: Apache-2.0
/**
 * netlistener's Java API: network devices, capture handles, zero-allocation protocol decoders and
 * the capture engine with its tables.
 *
 * <p>Run with {@code --enable-native-access=dev.netlistener.pcap,dev.netlistener.capture} on the
 * module path, or {@code --enable-native-access=ALL-UNNAMED} on the class path: both modules use
 * restricted FFM methods (downcalls, and sizing the pointers libpcap hands back).
 */
module dev.netlistener.capture {
    requires dev.netlistener.pcap;

    exports dev.netlistener.capture;
    exports dev.netlistener.capture.decode;
}
