// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;

/** libpcap's status codes, with their C names, as carried by {@link PcapException}. */
public enum PcapStatus {
    /** A generic error; the message says which. */
    ERROR(LibPcap.PCAP_ERROR, "PCAP_ERROR"),
    /** The loop ended because {@code pcap_breakloop} was called. */
    BREAK(LibPcap.PCAP_ERROR_BREAK, "PCAP_ERROR_BREAK"),
    /** The handle was used before it was activated. */
    NOT_ACTIVATED(LibPcap.PCAP_ERROR_NOT_ACTIVATED, "PCAP_ERROR_NOT_ACTIVATED"),
    /** An option was set after the handle was activated. */
    ACTIVATED(LibPcap.PCAP_ERROR_ACTIVATED, "PCAP_ERROR_ACTIVATED"),
    /** No device of that name. */
    NO_SUCH_DEVICE(LibPcap.PCAP_ERROR_NO_SUCH_DEVICE, "PCAP_ERROR_NO_SUCH_DEVICE"),
    /** The device cannot do monitor mode. */
    RFMON_NOTSUP(LibPcap.PCAP_ERROR_RFMON_NOTSUP, "PCAP_ERROR_RFMON_NOTSUP"),
    /** The operation needs monitor mode. */
    NOT_RFMON(LibPcap.PCAP_ERROR_NOT_RFMON, "PCAP_ERROR_NOT_RFMON"),
    /** No permission to capture (root or CAP_NET_RAW is needed). */
    PERM_DENIED(LibPcap.PCAP_ERROR_PERM_DENIED, "PCAP_ERROR_PERM_DENIED"),
    /** The device is not up. */
    IFACE_NOT_UP(LibPcap.PCAP_ERROR_IFACE_NOT_UP, "PCAP_ERROR_IFACE_NOT_UP"),
    /** The device cannot use the requested time stamp type. */
    CANTSET_TSTAMP_TYPE(LibPcap.PCAP_ERROR_CANTSET_TSTAMP_TYPE, "PCAP_ERROR_CANTSET_TSTAMP_TYPE"),
    /** No permission for promiscuous mode. */
    PROMISC_PERM_DENIED(LibPcap.PCAP_ERROR_PROMISC_PERM_DENIED, "PCAP_ERROR_PROMISC_PERM_DENIED"),
    /** The requested time stamp precision is not supported. */
    TSTAMP_PRECISION_NOTSUP(LibPcap.PCAP_ERROR_TSTAMP_PRECISION_NOTSUP, "PCAP_ERROR_TSTAMP_PRECISION_NOTSUP"),
    /** Activated, with a warning. */
    WARNING(LibPcap.PCAP_WARNING, "PCAP_WARNING"),
    /** Activated, but the device cannot be promiscuous. */
    WARNING_PROMISC_NOTSUP(LibPcap.PCAP_WARNING_PROMISC_NOTSUP, "PCAP_WARNING_PROMISC_NOTSUP"),
    /** Activated without the requested time stamp type. */
    WARNING_TSTAMP_TYPE_NOTSUP(LibPcap.PCAP_WARNING_TSTAMP_TYPE_NOTSUP, "PCAP_WARNING_TSTAMP_TYPE_NOTSUP"),
    /** A code this version of netlistener does not know; {@link PcapException#code()} has it. */
    UNKNOWN(Integer.MIN_VALUE, "unknown status");

    private final int code;
    private final String cName;

    PcapStatus(int code, String cName) {
        this.code = code;
        this.cName = cName;
    }

    /** {@return the numeric value libpcap returns} */
    public int code() {
        return code;
    }

    /** {@return the name of the C macro, e.g. {@code PCAP_ERROR_PERM_DENIED}} */
    public String cName() {
        return cName;
    }

    /**
     * {@return the status of libpcap's {@code code}, or {@link #UNKNOWN}}
     *
     * @param code a status libpcap returned
     */
    public static PcapStatus of(int code) {
        for (PcapStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
