package dev.netlistener.capture;

import java.io.IOException;

/**
 * libpcap refused an operation. Carries what was attempted, libpcap's status (with its C name),
 * libpcap's own message, and a hint that says what to do about it.
 */
public final class PcapException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final PcapStatus status;
    private final int code;
    private final String libpcapMessage;
    private final String hint;

    public PcapException(String operation, int code, String libpcapMessage, String hint) {
        this(operation, code, libpcapMessage, hint, null);
    }

    public PcapException(String operation, int code, String libpcapMessage, String hint, Throwable cause) {
        super(format(operation, code, libpcapMessage, hint), cause);
        this.operation = operation;
        this.status = PcapStatus.of(code);
        this.code = code;
        this.libpcapMessage = libpcapMessage == null ? "" : libpcapMessage;
        this.hint = hint == null ? "" : hint;
    }

    /** What netlistener was doing, e.g. {@code "activating capture on eth0"}. */
    public String operation() {
        return operation;
    }

    public PcapStatus status() {
        return status;
    }

    /** libpcap's numeric status (useful when {@link #status()} is {@link PcapStatus#UNKNOWN}). */
    public int code() {
        return code;
    }

    /** libpcap's own text: {@code pcap_geterr}, the error buffer, or {@code pcap_statustostr}. */
    public String libpcapMessage() {
        return libpcapMessage;
    }

    /** What to do about it; empty when there is nothing more useful to say than libpcap's text. */
    public String hint() {
        return hint;
    }

    private static String format(String operation, int code, String message, String hint) {
        PcapStatus status = PcapStatus.of(code);
        StringBuilder text = new StringBuilder(operation).append(" failed: ")
                .append(status == PcapStatus.UNKNOWN ? "status " + code : status.cName());
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message.strip());
        }
        if (hint != null && !hint.isBlank()) {
            text.append(". ").append(hint.strip());
        }
        return text.toString();
    }
}
