// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A device libpcap can capture on, as {@code pcap_findalldevs} reported it.
 *
 * @param name        the name to open it with, e.g. {@code eth0}, {@code lo}, {@code any}
 * @param description libpcap's description, empty when it has none
 * @param flags       the raw {@code PCAP_IF_*} bits; see the boolean accessors
 * @param addresses   every address, decoded by its address family
 */
public record NetworkDevice(String name, String description, int flags, List<DeviceAddress> addresses) {

    /** Keeps an unmodifiable copy of the addresses. */
    public NetworkDevice {
        addresses = List.copyOf(addresses);
    }

    /** {@return whether the device is up ({@code PCAP_IF_UP})} */
    public boolean isUp() {
        return (flags & LibPcap.PCAP_IF_UP) != 0;
    }

    /** {@return whether the device is running: its link is ready ({@code PCAP_IF_RUNNING})} */
    public boolean isRunning() {
        return (flags & LibPcap.PCAP_IF_RUNNING) != 0;
    }

    /** {@return whether it is a loopback device ({@code PCAP_IF_LOOPBACK})} */
    public boolean isLoopback() {
        return (flags & LibPcap.PCAP_IF_LOOPBACK) != 0;
    }

    /** {@return whether it is a wireless device ({@code PCAP_IF_WIRELESS})} */
    public boolean isWireless() {
        return (flags & LibPcap.PCAP_IF_WIRELESS) != 0;
    }

    /** {@return whether the device is connected to a network} */
    public ConnectionStatus connectionStatus() {
        return ConnectionStatus.fromFlags(flags);
    }

    /** {@return whether it is up and running: ready to capture (the seed's {@code ready()})} */
    public boolean ready() {
        return isUp() && isRunning();
    }

    /** {@return the IPv4 and IPv6 networks of this device} */
    public List<IpNetworkAddress> ipAddresses() {
        return addresses.stream()
                .filter(IpNetworkAddress.class::isInstance)
                .map(IpNetworkAddress.class::cast)
                .toList();
    }

    /** {@return the device's MAC address, when it has one (Linux reports it as an AF_PACKET address)} */
    public Optional<MacAddress> macAddress() {
        return addresses.stream()
                .filter(LinkLayerAddress.class::isInstance)
                .map(a -> ((LinkLayerAddress) a).address())
                .filter(a -> a != null)
                .findFirst();
    }

    /**
     * Whether {@code address} lies in any of this device's IPv4 or IPv6 networks.
     *
     * @param address the address
     * @return whether it does
     */
    public boolean inNetwork(InetAddress address) {
        return ipAddresses().stream().anyMatch(network -> network.contains(address));
    }

    /**
     * Whether the address literal lies in any of this device's networks (the seed's
     * {@code comp_net_id}); never resolves names.
     *
     * @param address an IPv4 or IPv6 literal
     * @return whether it lies in one of the device's networks
     * @throws IllegalArgumentException naming {@code address} when it is not an IP literal
     */
    public boolean inNetwork(String address) {
        return inNetwork(InetAddresses.parseLiteral(address));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        if (!description.isEmpty()) {
            text.append(" (").append(description).append(')');
        }
        text.append(isUp() ? " UP" : " DOWN");
        if (isRunning()) {
            text.append(" RUNNING");
        }
        if (isLoopback()) {
            text.append(" LOOPBACK");
        }
        if (isWireless()) {
            text.append(" WIRELESS");
        }
        text.append(' ').append(connectionStatus());
        for (DeviceAddress address : addresses) {
            text.append("\n    ").append(address);
        }
        return text.toString();
    }
}
