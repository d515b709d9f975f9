// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

/**
 * The loaded libpcap lacks a function this binding knows about (it is older than the function).
 * Raised when the function is called, never when the binding class loads.
 */
public final class UnsupportedSymbolException extends UnsupportedOperationException {
    /** Serialized form version. */
    private static final long serialVersionUID = 1L;
    /** The C name of the missing function. */
    private final String symbol;

    UnsupportedSymbolException(String symbol, String libraryVersion) {
        super(symbol + " is not in the loaded libpcap (" + libraryVersion
                + "); upgrade libpcap to a version that provides it");
        this.symbol = symbol;
    }

    /** {@return the C name of the missing function} */
    public String symbol() {
        return symbol;
    }
}
