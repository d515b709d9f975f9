// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NetworkDevicesTest {

    @Test
    void listsLoopbackWithItsAddressesAndFlags() throws Exception {
        NetworkDevice lo = NetworkDevices.find("lo").orElseThrow(() -> new AssertionError("no lo device"));
        assertTrue(lo.isLoopback());
        assertTrue(lo.isUp());
        assertTrue(lo.isRunning());
        assertTrue(lo.ready());
        assertEquals(ConnectionStatus.NOT_APPLICABLE, lo.connectionStatus());
        List<String> cidrs = lo.ipAddresses().stream().map(IpNetworkAddress::cidr).toList();
        assertTrue(cidrs.contains("127.0.0.1/8"), cidrs.toString());
        assertTrue(cidrs.contains("::1/128"), cidrs.toString());
        IpNetworkAddress v4 = lo.ipAddresses().stream().filter(IpNetworkAddress::isIpv4).findFirst().orElseThrow();
        assertEquals("127.0.0.0", InetAddresses.format(v4.networkId()));
        assertEquals("255.0.0.0", InetAddresses.format(v4.netmask().orElseThrow()));
    }

    @Test
    void loopbackHasALinkLayerAddressOfTypeLoopback() throws Exception {
        NetworkDevice lo = NetworkDevices.find("lo").orElseThrow();
        LinkLayerAddress link = lo.addresses().stream()
                .filter(LinkLayerAddress.class::isInstance).map(LinkLayerAddress.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("lo has no AF_PACKET address: " + lo));
        assertEquals(LinkLayerAddress.ARPHRD_LOOPBACK, link.hardwareType());
        assertEquals(new MacAddress(0), link.address());
        assertTrue(link.interfaceIndex() > 0);
    }

    @Test
    void loopbackContainsItsOwnNetworkOnly() throws Exception {
        NetworkDevice lo = NetworkDevices.find("lo").orElseThrow();
        assertTrue(lo.inNetwork("127.0.0.1"));
        assertTrue(lo.inNetwork("127.255.255.254"));
        assertTrue(lo.inNetwork("::1"));
        assertFalse(lo.inNetwork("128.0.0.1"));
        assertFalse(lo.inNetwork("::2"));
    }

    @Test
    void findsNothingForAnUnknownName() throws Exception {
        assertTrue(NetworkDevices.find("no-such-device0").isEmpty());
    }

    /**
     * pcap_findalldevs decoded by us must agree with the JDK's own listing (another code path in
     * the kernel: ioctls and /proc/net/if_inet6): the same networks, IPv4 broadcast addresses and
     * MAC for every device both list. Devices that change while the test lists them (another
     * test's veth pair being set up) are left out: pcap is asked before and after the JDK.
     */
    @Test
    void everyDeviceAgreesWithTheJdksListingOfItsAddresses() throws Exception {
        Map<String, Set<String>> before = pcapListing();
        Map<String, Set<String>> jdk = jdkListing();
        Map<String, Set<String>> after = pcapListing();
        List<String> compared = new ArrayList<>();
        for (Map.Entry<String, Set<String>> device : before.entrySet()) {
            String name = device.getKey();
            if (jdk.containsKey(name) && device.getValue().equals(after.get(name))) {
                assertEquals(jdk.get(name), device.getValue(), name);
                compared.add(name);
            }
        }
        assertTrue(compared.contains("lo"), "lo was not compared: pcap " + before.keySet() + ", JDK " + jdk.keySet());
        System.out.println("Devices whose addresses agree with the JDK's: " + compared);
    }

    /** Per device: "network/prefix", "broadcast x.x.x.x" and "mac ..." facts, as our decoder reads them. */
    private static Map<String, Set<String>> pcapListing() throws PcapException {
        Map<String, Set<String>> devices = new TreeMap<>();
        for (NetworkDevice device : NetworkDevices.list()) {
            assertFalse(device.name().isBlank(), device.toString());
            Set<String> facts = new TreeSet<>();
            for (IpNetworkAddress network : device.ipAddresses()) {
                facts.add(withoutScope(network.address()) + "/" + network.prefixLength());
                network.broadcast().ifPresent(broadcast -> facts.add("broadcast " + withoutScope(broadcast)));
            }
            device.macAddress().filter(mac -> mac.value() != 0).ifPresent(mac -> facts.add("mac " + mac));
            devices.put(device.name(), facts);
        }
        return devices;
    }

    /** The same facts from java.net.NetworkInterface, which lists only devices with an address. */
    private static Map<String, Set<String>> jdkListing() throws SocketException {
        Map<String, Set<String>> devices = new TreeMap<>();
        for (NetworkInterface device : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            Set<String> facts = new TreeSet<>();
            for (InterfaceAddress network : device.getInterfaceAddresses()) {
                facts.add(withoutScope(network.getAddress()) + "/" + network.getNetworkPrefixLength());
                if (network.getBroadcast() != null) {
                    facts.add("broadcast " + withoutScope(network.getBroadcast()));
                }
            }
            byte[] mac = device.getHardwareAddress();
            if (mac != null && mac.length == 6 && MacAddress.of(mac).value() != 0) {
                facts.add("mac " + MacAddress.of(mac));
            }
            devices.put(device.getName(), facts);
        }
        return devices;
    }

    /** The JDK names the scope of link-local addresses after the device, we by number: compare the bytes. */
    private static String withoutScope(InetAddress address) {
        try {
            return InetAddresses.format(InetAddress.getByAddress(address.getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
