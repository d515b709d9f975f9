// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

/**
 * libpcap could not be loaded: no candidate library name or path resolved.
 *
 * <p>Thrown by every binding call while the library is missing, so the class that holds the
 * bindings always loads and the message (what was tried, how to install libpcap) reaches the user
 * instead of a {@link NoClassDefFoundError}.
 */
public final class LibPcapUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LibPcapUnavailableException(String message) {
        super(message);
    }
}
