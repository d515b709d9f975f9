// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import dev.netlistener.pcap.pcap_addr;
import dev.netlistener.pcap.pcap_if;
import dev.netlistener.pcap.sockaddr;
import dev.netlistener.pcap.sockaddr_in;
import dev.netlistener.pcap.sockaddr_in6;
import dev.netlistener.pcap.sockaddr_ll;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The devices libpcap can capture on ({@code pcap_findalldevs}). */
public final class NetworkDevices {
    private NetworkDevices() {
    }

    /**
     * {@return every device, in libpcap's order (up and running devices first, loopback last among them)}
     *
     * @throws PcapException when libpcap cannot list the devices
     */
    public static List<NetworkDevice> list() throws PcapException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment first = arena.allocate(LibPcap.C_POINTER);
            MemorySegment errbuf = arena.allocate(LibPcap.PCAP_ERRBUF_SIZE);
            int status = LibPcap.pcap_findalldevs(first, errbuf);
            if (status != 0) {
                throw new PcapException("listing network devices", status, NativeStrings.errorBuffer(errbuf),
                        "");
            }
            MemorySegment head = pcap_if.reinterpret(first.get(LibPcap.C_POINTER, 0));
            try {
                List<NetworkDevice> devices = new ArrayList<>();
                for (MemorySegment device = head; !device.equals(MemorySegment.NULL); device = pcap_if.next(device)) {
                    devices.add(decode(device));
                }
                return List.copyOf(devices);
            } finally {
                if (!head.equals(MemorySegment.NULL)) {
                    LibPcap.pcap_freealldevs(head);
                }
            }
        }
    }

    /**
     * The device with this exact name, if libpcap reports one.
     *
     * @param name the device's name
     * @return the device, or empty
     * @throws PcapException when libpcap cannot list the devices
     */
    public static Optional<NetworkDevice> find(String name) throws PcapException {
        return list().stream().filter(device -> device.name().equals(name)).findFirst();
    }

    /**
     * The device {@code scripts/listen} captures on by default: the first that is up, running and
     * not loopback (libpcap lists those first).
     * @return the device, or empty when none is ready
     * @throws PcapException when libpcap cannot list the devices
     */
    public static Optional<NetworkDevice> firstReady() throws PcapException {
        return list().stream()
                .filter(device -> device.ready() && !device.isLoopback() && !device.name().equals("any"))
                .findFirst();
    }

    private static NetworkDevice decode(MemorySegment device) {
        String name = NativeStrings.read(pcap_if.name(device));
        String description = NativeStrings.read(pcap_if.description(device));
        List<DeviceAddress> addresses = new ArrayList<>();
        for (MemorySegment entry = pcap_if.addresses(device); !entry.equals(MemorySegment.NULL);
                entry = pcap_addr.next(entry)) {
            decodeAddress(entry).ifPresent(addresses::add);
        }
        return new NetworkDevice(name, description == null ? "" : description, pcap_if.flags(device), addresses);
    }

    /** Decodes one pcap_addr by the family of its address; families we do not know are skipped. */
    private static Optional<DeviceAddress> decodeAddress(MemorySegment entry) {
        MemorySegment address = pcap_addr.addr(entry);
        if (address.equals(MemorySegment.NULL)) {
            return Optional.empty();
        }
        int family = sockaddr.sa_family(address);
        if (family == sockaddr.AF_PACKET) {
            byte[] raw = sockaddr_ll.sll_addr(address);
            return Optional.of(new LinkLayerAddress(raw.length == 6 ? MacAddress.of(raw) : null, raw,
                    sockaddr_ll.sll_ifindex(address), sockaddr_ll.sll_hatype(address)));
        }
        if (family != sockaddr.AF_INET && family != sockaddr.AF_INET6) {
            return Optional.empty();
        }
        InetAddress ip = ip(address).orElseThrow();
        Optional<InetAddress> netmask = ip(pcap_addr.netmask(entry));
        int bits = ip.getAddress().length * 8;
        // A mask of another family (or none) says nothing about this address: treat it as a host.
        int prefix = netmask.filter(m -> m.getAddress().length * 8 == bits)
                .map(m -> InetAddresses.prefixLength(m.getAddress()))
                .orElse(bits);
        return Optional.of(new IpNetworkAddress(ip, prefix, netmask,
                ip(pcap_addr.broadaddr(entry)), ip(pcap_addr.dstaddr(entry))));
    }

    /** An IPv4 or IPv6 sockaddr as an InetAddress (IPv6 with its scope id); empty for other families. */
    private static Optional<InetAddress> ip(MemorySegment address) {
        if (address.equals(MemorySegment.NULL)) {
            return Optional.empty();
        }
        try {
            int family = sockaddr.sa_family(address);
            if (family == sockaddr.AF_INET) {
                return Optional.of(InetAddress.getByAddress(sockaddr_in.sin_addr(address)));
            }
            if (family == sockaddr.AF_INET6) {
                byte[] bytes = sockaddr_in6.sin6_addr(address);
                int scope = sockaddr_in6.sin6_scope_id(address);
                // A zero scope would otherwise print as "%0"; only link-local addresses have one.
                return Optional.of(scope == 0 ? InetAddress.getByAddress(bytes)
                        : Inet6Address.getByAddress(null, bytes, scope));
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4- and 16-byte addresses are always valid", e);
        }
    }
}
