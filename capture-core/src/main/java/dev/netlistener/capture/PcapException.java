// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.IOException;

/**
 * libpcap refused an operation. Carries what was attempted, libpcap's status (with its C name),
 * libpcap's own message, and a hint that says what to do about it.
 */
public final class PcapException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What was attempted. */
    private final String operation;
    /** libpcap's status, by name. */
    private final PcapStatus status;
    /** libpcap's status code. */
    private final int code;
    /** libpcap's own message. */
    private final String libpcapMessage;
    /** What to do about it. */
    private final String hint;

    /**
     * A failure, its message made of the four parts.
     *
     * @param operation      what was attempted, e.g. {@code "activating capture on eth0"}
     * @param code           libpcap's status ({@code PCAP_ERROR_*})
     * @param libpcapMessage libpcap's text (or the system's); may be empty
     * @param hint           what to do about it; may be empty
     */
    public PcapException(String operation, int code, String libpcapMessage, String hint) {
        this(operation, code, libpcapMessage, hint, null);
    }

    /**
     * As the four-part constructor, with the failure that caused it.
     *
     * @param operation      what was attempted
     * @param code           libpcap's status ({@code PCAP_ERROR_*})
     * @param libpcapMessage libpcap's text (or the system's); may be empty
     * @param hint           what to do about it; may be empty
     * @param cause          the underlying failure, or {@code null}
     */
    public PcapException(String operation, int code, String libpcapMessage, String hint, Throwable cause) {
        super(format(operation, code, libpcapMessage, hint), cause);
        this.operation = operation;
        this.status = PcapStatus.of(code);
        this.code = code;
        this.libpcapMessage = libpcapMessage == null ? "" : libpcapMessage;
        this.hint = hint == null ? "" : hint;
    }

    /** {@return what netlistener was doing, e.g. {@code "activating capture on eth0"}} */
    public String operation() {
        return operation;
    }

    /** {@return libpcap's status, {@link PcapStatus#UNKNOWN} for a code not known here} */
    public PcapStatus status() {
        return status;
    }

    /** {@return libpcap's numeric status (useful when {@link #status()} is {@link PcapStatus#UNKNOWN})} */
    public int code() {
        return code;
    }

    /** {@return libpcap's own text: {@code pcap_geterr}, the error buffer, or {@code pcap_statustostr}} */
    public String libpcapMessage() {
        return libpcapMessage;
    }

    /** {@return what to do about it; empty when there is nothing more useful to say than libpcap's text} */
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
