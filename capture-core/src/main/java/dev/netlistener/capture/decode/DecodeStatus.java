// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/** How far a packet decoded; {@link DecodedPacket#statusLayer()} says where it stopped. */
public enum DecodeStatus {
    /** Every header the decoders know was decoded (an unknown protocol simply ends decoding). */
    OK,
    /** The captured bytes ran out inside a header (caplen &lt; len, or a short record). */
    TRUNCATED,
    /** A header contradicts itself or its enclosing layer; {@link DecodedPacket#malformation()} says how. */
    MALFORMED
}
