// SPDX-License-Identifier: Apache-2.0
/*
 * The C baseline of the offline pipeline benchmark: reads a capture file with libpcap's
 * pcap_dispatch and extracts, for every packet, the fields netlistener decodes (MACs, EtherType
 * after VLAN tags, outer VLAN id, IP version and addresses, the IP protocol after IPv6
 * extension headers, ports, ARP operation, TCP flags, lengths), folding them into a checksum
 * that the Java readers (FieldChecksum.java) compute the same way, so that all readers are seen
 * to do the same work.
 *
 * Usage: offline_fields FILE WARMUPS ROUNDS
 * Prints one line per pass: "warmup|round packets=N checksum=HEX nanos=T" (open to close).
 * Built by capture-bench's OfflineComparison with: gcc -O2 offline_fields.c -lpcap
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

struct fields {
    int64_t source_mac, destination_mac, ether_type, vlan, ip_version;
    uint64_t source_high, source_low, destination_high, destination_low;
    int64_t protocol, source_port, destination_port, arp_operation, tcp_flags;
};

struct pass {
    uint64_t checksum;
    long packets;
};

static uint64_t fold(uint64_t h, uint64_t value) {
    return (h ^ value) * FNV_PRIME;
}

static unsigned u16(const u_char *p) {
    return (unsigned) p[0] << 8 | p[1];
}

static uint32_t u32(const u_char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static uint64_t u48(const u_char *p) {
    return (uint64_t) u16(p) << 32 | u32(p + 2);
}

static uint64_t u64(const u_char *p) {
    return (uint64_t) u32(p) << 32 | u32(p + 4);
}

static void transport(const u_char *p, uint32_t left, struct fields *f) {
    if ((f->protocol == 6 && left >= 20) || (f->protocol == 17 && left >= 8)) {
        f->source_port = u16(p);
        f->destination_port = u16(p + 2);
    }
    if (f->protocol == 6 && left >= 20) {
        f->tcp_flags = u16(p + 12) & 0x1FF;
    }
}

static void ipv4(const u_char *p, uint32_t left, struct fields *f) {
    if (left < 20) {
        return;
    }
    unsigned header = (p[0] & 0x0F) * 4;
    f->ip_version = 4;
    f->source_low = u32(p + 12);
    f->destination_low = u32(p + 16);
    f->protocol = p[9];
    if ((u16(p + 6) & 0x1FFF) == 0 && header >= 20 && header <= left) {
        transport(p + header, left - header, f);
    }
}

static void ipv6(const u_char *p, uint32_t left, struct fields *f) {
    if (left < 40) {
        return;
    }
    f->ip_version = 6;
    f->source_high = u64(p + 8);
    f->source_low = u64(p + 16);
    f->destination_high = u64(p + 24);
    f->destination_low = u64(p + 32);
    int next = p[6];
    uint32_t at = 40;
    int first_fragment = 1;
    for (;;) {
        uint32_t length;
        if (next == 0 || next == 43 || next == 60) {
            length = at + 2 <= left ? (p[at + 1] + 1u) * 8 : 0;
        } else if (next == 44) {
            length = at + 4 <= left ? 8 : 0;
            first_fragment = length && (u16(p + at + 2) & 0xFFF8) == 0;
        } else if (next == 51) {
            length = at + 2 <= left ? (p[at + 1] + 2u) * 4 : 0;
        } else {
            break;
        }
        if (length == 0 || at + length > left) {
            return; /* a cut chain: protocol unknown, as in netlistener's decoder */
        }
        next = p[at];
        at += length;
    }
    f->protocol = next;
    if (first_fragment) {
        transport(p + at, left - at, f);
    }
}

static void on_packet(u_char *user, const struct pcap_pkthdr *header, const u_char *p) {
    struct pass *pass = (struct pass *) user;
    struct fields f = {0, 0, -1, -1, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1};
    uint32_t caplen = header->caplen;
    if (caplen >= 14) {
        f.destination_mac = u48(p);
        f.source_mac = u48(p + 6);
        uint32_t at = 12;
        unsigned type = u16(p + at);
        while ((type == 0x8100 || type == 0x88A8 || type == 0x9100) && at + 6 <= caplen) {
            if (f.vlan < 0) {
                f.vlan = u16(p + at + 2) & 0x0FFF;
            }
            at += 4;
            type = u16(p + at);
        }
        at += 2;
        if (type >= 0x0600) {
            f.ether_type = type;
        }
        if (type == 0x0800) {
            ipv4(p + at, caplen - at, &f);
        } else if (type == 0x86DD) {
            ipv6(p + at, caplen - at, &f);
        } else if (type == 0x0806 && at + 8 <= caplen) {
            f.arp_operation = u16(p + at + 6);
        }
    }
    uint64_t h = pass->checksum;
    h = fold(h, caplen);
    h = fold(h, header->len);
    h = fold(h, f.source_mac);
    h = fold(h, f.destination_mac);
    h = fold(h, f.ether_type);
    h = fold(h, f.vlan);
    h = fold(h, f.ip_version);
    h = fold(h, f.source_high);
    h = fold(h, f.source_low);
    h = fold(h, f.destination_high);
    h = fold(h, f.destination_low);
    h = fold(h, f.protocol);
    h = fold(h, f.source_port);
    h = fold(h, f.destination_port);
    h = fold(h, f.arp_operation);
    h = fold(h, f.tcp_flags);
    pass->checksum = h;
    pass->packets++;
}

static long long now_nanos(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s FILE WARMUPS ROUNDS\n", argv[0]);
        return 2;
    }
    int warmups = atoi(argv[2]);
    int rounds = atoi(argv[3]);
    char errbuf[PCAP_ERRBUF_SIZE];
    for (int i = 0; i < warmups + rounds; i++) {
        long long start = now_nanos();
        pcap_t *pcap = pcap_open_offline(argv[1], errbuf);
        if (pcap == NULL) {
            fprintf(stderr, "%s\n", errbuf);
            return 1;
        }
        struct pass pass = {FNV_OFFSET, 0};
        int got;
        while ((got = pcap_dispatch(pcap, -1, on_packet, (u_char *) &pass)) > 0) {
        }
        if (got < 0) {
            fprintf(stderr, "%s\n", pcap_geterr(pcap));
            return 1;
        }
        pcap_close(pcap);
        long long elapsed = now_nanos() - start;
        printf("%s packets=%ld checksum=%016llx nanos=%lld\n", i < warmups ? "warmup" : "round", pass.packets,
               (unsigned long long) pass.checksum, elapsed);
        fflush(stdout);
    }
    return 0;
}
