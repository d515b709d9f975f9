package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;

/** libpcap's status codes, with their C names, as carried by {@link PcapException}. */
public enum PcapStatus {
    ERROR(LibPcap.PCAP_ERROR, "PCAP_ERROR"),
    BREAK(LibPcap.PCAP_ERROR_BREAK, "PCAP_ERROR_BREAK"),
    NOT_ACTIVATED(LibPcap.PCAP_ERROR_NOT_ACTIVATED, "PCAP_ERROR_NOT_ACTIVATED"),
    ACTIVATED(LibPcap.PCAP_ERROR_ACTIVATED, "PCAP_ERROR_ACTIVATED"),
    NO_SUCH_DEVICE(LibPcap.PCAP_ERROR_NO_SUCH_DEVICE, "PCAP_ERROR_NO_SUCH_DEVICE"),
    RFMON_NOTSUP(LibPcap.PCAP_ERROR_RFMON_NOTSUP, "PCAP_ERROR_RFMON_NOTSUP"),
    NOT_RFMON(LibPcap.PCAP_ERROR_NOT_RFMON, "PCAP_ERROR_NOT_RFMON"),
    PERM_DENIED(LibPcap.PCAP_ERROR_PERM_DENIED, "PCAP_ERROR_PERM_DENIED"),
    IFACE_NOT_UP(LibPcap.PCAP_ERROR_IFACE_NOT_UP, "PCAP_ERROR_IFACE_NOT_UP"),
    CANTSET_TSTAMP_TYPE(LibPcap.PCAP_ERROR_CANTSET_TSTAMP_TYPE, "PCAP_ERROR_CANTSET_TSTAMP_TYPE"),
    PROMISC_PERM_DENIED(LibPcap.PCAP_ERROR_PROMISC_PERM_DENIED, "PCAP_ERROR_PROMISC_PERM_DENIED"),
    TSTAMP_PRECISION_NOTSUP(LibPcap.PCAP_ERROR_TSTAMP_PRECISION_NOTSUP, "PCAP_ERROR_TSTAMP_PRECISION_NOTSUP"),
    WARNING(LibPcap.PCAP_WARNING, "PCAP_WARNING"),
    WARNING_PROMISC_NOTSUP(LibPcap.PCAP_WARNING_PROMISC_NOTSUP, "PCAP_WARNING_PROMISC_NOTSUP"),
    WARNING_TSTAMP_TYPE_NOTSUP(LibPcap.PCAP_WARNING_TSTAMP_TYPE_NOTSUP, "PCAP_WARNING_TSTAMP_TYPE_NOTSUP"),
    /** A code this version of netlistener does not know; {@link PcapException#code()} has it. */
    UNKNOWN(Integer.MIN_VALUE, "unknown status");

    private final int code;
    private final String cName;

    PcapStatus(int code, String cName) {
        this.code = code;
        this.cName = cName;
    }

    /** The numeric value libpcap returns. */
    public int code() {
        return code;
    }

    /** The name of the C macro, e.g. {@code PCAP_ERROR_PERM_DENIED}. */
    public String cName() {
        return cName;
    }

    public static PcapStatus of(int code) {
        for (PcapStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
