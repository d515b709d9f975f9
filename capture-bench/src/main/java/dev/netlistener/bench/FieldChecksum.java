// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

/**
 * The proof that the offline readers did the same work: each folds the same fields of every
 * packet, in file order, into one 64-bit FNV-1a value, exactly as {@code src/main/c/offline_fields.c}
 * does. Absent values are -1 (EtherType, VLAN, protocol, ports, ARP operation, TCP flags) or 0
 * (IP version and addresses); an IPv4 address sits in the low word, zero-extended.
 */
final class FieldChecksum {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long value = OFFSET_BASIS;
    private long packets;

    void packet(int capturedLength, int wireLength, long sourceMac, long destinationMac, int etherType, int vlan,
                int ipVersion, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow,
                int protocol, int sourcePort, int destinationPort, int arpOperation, int tcpFlags) {
        long h = value;
        h = fold(h, capturedLength);
        h = fold(h, wireLength);
        h = fold(h, sourceMac);
        h = fold(h, destinationMac);
        h = fold(h, etherType);
        h = fold(h, vlan);
        h = fold(h, ipVersion);
        h = fold(h, sourceHigh);
        h = fold(h, sourceLow);
        h = fold(h, destinationHigh);
        h = fold(h, destinationLow);
        h = fold(h, protocol);
        h = fold(h, sourcePort);
        h = fold(h, destinationPort);
        h = fold(h, arpOperation);
        h = fold(h, tcpFlags);
        value = h;
        packets++;
    }

    private static long fold(long h, long field) {
        return (h ^ field) * PRIME;
    }

    long value() {
        return value;
    }

    long packets() {
        return packets;
    }
}
