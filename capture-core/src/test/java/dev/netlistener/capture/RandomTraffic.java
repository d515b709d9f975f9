// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random Ethernet traffic for the flow model: conversations drawn from small address and
 * port pools (so they recur, reverse, collide with themselves and go quiet), over IPv4 and IPv6
 * (TCP, UDP, ICMP, SCTP) with or without an 802.1Q tag, ARP and two EtherTypes nobody decodes.
 * Each packet carries the flow facts it was written from, so a model never relies on the decoder.
 * Timestamps never go backwards and sit on a 250 ms grid, so gaps of exactly a timeout occur.
 */
final class RandomTraffic {
    static final long TICK = 250_000_000L;
    private static final long START = 1_700_000_000_000_000_000L;
    private static final int[] PORTS = {0, 53, 80, 443, 40_000, 65_535};
    /** 10.0.0.1-6 are local (10.0.0.0/24), 192.0.2.1-6 are not. */
    private static final int[] IPV4 = {0x0A000001, 0x0A000002, 0x0A000003, 0x0A000004, 0x0A000005, 0x0A000006,
            0xC0000201, 0xC0000202, 0xC0000203, 0xC0000204, 0xC0000205, 0xC0000206};
    /** fd00::/64 is local, 2001:db8::/64 is not; the low half is 1..4. */
    private static final long[] IPV6_HIGH = {0xFD00_0000_0000_0000L, 0x2001_0DB8_0000_0000L};
    static final List<String> LOCAL_NETWORKS = List.of("10.0.0.0/24", "fd00::/64");

    /** What a packet is, as a flow table sees it. Non-IP endpoints are {@link #NO_ENDPOINT}. */
    record Endpoint(long high, long low, int port) {
        @Override
        public String toString() {
            String address = high == 0 && low >>> 32 == 0 ? InetAddresses.formatIpv4((int) low)
                    : InetAddresses.formatIpv6(high, low);
            return port < 0 ? address : address + " port " + port;
        }
    }

    static final Endpoint NO_ENDPOINT = new Endpoint(0, 0, -1);

    enum Kind {
        TCP4(4, 6, 0x0800), UDP4(4, 17, 0x0800), ICMP4(4, 1, 0x0800), SCTP4(4, 132, 0x0800),
        TCP6(6, 6, 0x86DD), UDP6(6, 17, 0x86DD), ICMP6(6, 58, 0x86DD),
        ARP(0, -1, 0x0806), LOCAL_EXPERIMENTAL(0, -1, 0x88B5), LLDP(0, -1, 0x88CC);

        final int version;
        final int protocol;
        final int etherType;

        Kind(int version, int protocol, int etherType) {
            this.version = version;
            this.protocol = protocol;
            this.etherType = etherType;
        }

        boolean hasPorts() {
            return protocol == 6 || protocol == 17;
        }
    }

    /** One direction of a conversation: who sends to whom. */
    record Conversation(Kind kind, Endpoint source, Endpoint destination) {
        Conversation reversed() {
            return new Conversation(kind, destination, source);
        }
    }

    /**
     * A generated frame with the facts it was written from: the bytes up to {@code captured}
     * (the rest of the payload "cut by the snap length"), {@code wire} bytes on the wire.
     */
    record Packet(long timestampNanos, byte[] frame, int captured, int wire, Conversation conversation,
                  int tcpFlags, boolean sourceLocal, boolean destinationLocal) {
        Kind kind() {
            return conversation.kind;
        }

        /** The endpoints a flow table keys on: none for non-IP traffic, which is one flow per EtherType. */
        Endpoint source() {
            return kind().version == 0 ? NO_ENDPOINT : conversation.source;
        }

        Endpoint destination() {
            return kind().version == 0 ? NO_ENDPOINT : conversation.destination;
        }

        @Override
        public String toString() {
            return kind() + " " + conversation.source + " > " + conversation.destination + " at "
                    + (timestampNanos - START) / TICK + " ticks, " + wire + " bytes, flags " + tcpFlags;
        }
    }

    private final Random random;
    private final int workingSet;
    /** A few conversations that never stop for long: they live until the active timeout ends them. */
    private final List<Conversation> busy = new ArrayList<>();
    private final List<Conversation> recent = new ArrayList<>();
    private final ByteBuffer out = ByteBuffer.allocate(2048);
    private long now = START;

    /** @param workingSet how many conversations stay in play; beyond a flow table's capacity forces evictions */
    RandomTraffic(long seed, int workingSet) {
        this.random = new Random(seed);
        this.workingSet = workingSet;
        for (int i = 0; i < 3; i++) {
            busy.add(newConversation());
        }
    }

    Packet next() {
        now += advance();
        int roll = random.nextInt(10);
        Conversation conversation;
        if (roll < 2 || roll < 7 && !recent.isEmpty()) {
            List<Conversation> from = roll < 2 ? busy : recent;
            conversation = from.get(random.nextInt(from.size()));
            if (random.nextBoolean()) {
                conversation = conversation.reversed();
            }
        } else {
            conversation = newConversation();
            if (recent.size() == workingSet) {
                recent.remove(random.nextInt(recent.size()));
            }
            recent.add(conversation);
        }
        return write(conversation);
    }

    /** Mostly simultaneous or a second or two apart; now and then a pause of 50 to 70 s. */
    private long advance() {
        int roll = random.nextInt(100);
        if (roll < 40) {
            return 0;
        }
        if (roll < 99) {
            return TICK * (1 + random.nextInt(8));
        }
        return TICK * (200 + random.nextInt(81));
    }

    private Conversation newConversation() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        return new Conversation(kind, endpoint(kind), endpoint(kind));
    }

    private Endpoint endpoint(Kind kind) {
        int port = kind.hasPorts() ? PORTS[random.nextInt(PORTS.length)] : -1;
        return switch (kind.version) {
            case 4 -> new Endpoint(0, Integer.toUnsignedLong(IPV4[random.nextInt(IPV4.length)]), port);
            case 6 -> new Endpoint(IPV6_HIGH[random.nextInt(IPV6_HIGH.length)], 1 + random.nextInt(4), port);
            // ARP's sender and target protocol addresses; the flow table keys ARP on its EtherType alone.
            default -> new Endpoint(0, Integer.toUnsignedLong(IPV4[random.nextInt(IPV4.length)]), -1);
        };
    }

    private Packet write(Conversation conversation) {
        Kind kind = conversation.kind;
        out.clear();
        out.putShort((short) 0x0200).putInt(2).putShort((short) 0x0200).putInt(1);
        if (random.nextInt(5) == 0) {
            out.putShort((short) 0x8100).putShort((short) (1 + random.nextInt(4094)));
        }
        out.putShort((short) kind.etherType);
        int payload = random.nextInt(200);
        int tcpFlags = kind.protocol == 6 ? random.nextInt(256) : 0;
        switch (kind.version) {
            case 4 -> ipv4(conversation, transportLength(kind) + payload);
            case 6 -> ipv6(conversation, transportLength(kind) + payload);
            default -> {
                if (kind == Kind.ARP) {
                    arp(conversation);
                }
            }
        }
        transport(conversation, payload, tcpFlags);
        int headers = out.position();
        for (int i = 0; i < payload; i++) {
            out.put((byte) random.nextInt());
        }
        byte[] frame = new byte[out.position()];
        out.flip().get(frame);
        int captured = headers + random.nextInt(payload + 1);
        return new Packet(now, frame, captured, frame.length, conversation, tcpFlags,
                local(kind, conversation.source), local(kind, conversation.destination));
    }

    private static int transportLength(Kind kind) {
        return switch (kind.protocol) {
            case 6 -> 20;
            case 17, 1, 58 -> 8;
            default -> 0;
        };
    }

    private void ipv4(Conversation conversation, int payloadLength) {
        out.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payloadLength)).putShort((short) random.nextInt())
                .putShort((short) 0).put((byte) 64).put((byte) conversation.kind.protocol).putShort((short) 0)
                .putInt((int) conversation.source.low).putInt((int) conversation.destination.low);
    }

    private void ipv6(Conversation conversation, int payloadLength) {
        out.putInt(0x6000_0000).putShort((short) payloadLength).put((byte) conversation.kind.protocol).put((byte) 64)
                .putLong(conversation.source.high).putLong(conversation.source.low)
                .putLong(conversation.destination.high).putLong(conversation.destination.low);
    }

    private void arp(Conversation conversation) {
        out.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4)
                .putShort((short) (1 + random.nextInt(2)))
                .putShort((short) 0x0200).putInt(1).putInt((int) conversation.source.low)
                .putShort((short) 0).putInt(0).putInt((int) conversation.destination.low);
    }

    private void transport(Conversation conversation, int payload, int tcpFlags) {
        switch (conversation.kind.protocol) {
            case 6 -> out.putShort((short) conversation.source.port).putShort((short) conversation.destination.port)
                    .putInt(random.nextInt()).putInt(random.nextInt()).put((byte) 0x50).put((byte) tcpFlags)
                    .putShort((short) 65_535).putInt(0);
            case 17 -> out.putShort((short) conversation.source.port).putShort((short) conversation.destination.port)
                    .putShort((short) (8 + payload)).putShort((short) 0);
            case 1, 58 -> out.put((byte) 8).put((byte) 0).putShort((short) 0).putInt(random.nextInt());
            default -> {
            }
        }
    }

    /** Local as {@link #LOCAL_NETWORKS} says; ARP by its protocol addresses; other non-IP never. */
    private static boolean local(Kind kind, Endpoint endpoint) {
        return switch (kind) {
            case TCP4, UDP4, ICMP4, SCTP4, ARP -> (endpoint.low >>> 8) == 0x0A0000;
            case TCP6, UDP6, ICMP6 -> endpoint.high == IPV6_HIGH[0];
            default -> false;
        };
    }
}
