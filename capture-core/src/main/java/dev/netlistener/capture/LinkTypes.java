// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;

/** Link-layer header type numbers as files store them and as libpcap's API takes them. */
final class LinkTypes {
    private LinkTypes() {
    }

    /**
     * Files store LINKTYPE_* values; libpcap's compiler and dumper take DLT_* values. They are
     * equal except for a few old types, of which raw IP (file 101, DLT 12) is the one still written.
     */
    static int toDlt(int linkType) {
        return linkType == LibPcap.LINKTYPE_RAW ? LibPcap.DLT_RAW : linkType;
    }

    /** The reverse of {@link #toDlt}: the value a file stores for a link type libpcap reported. */
    static int toFile(int linkType) {
        return linkType == LibPcap.DLT_RAW ? LibPcap.LINKTYPE_RAW : linkType;
    }
}
