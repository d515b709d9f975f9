package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @Test
    void everyDeviceHasANameAndDecodedAddresses() throws Exception {
        List<NetworkDevice> devices = NetworkDevices.list();
        assertFalse(devices.isEmpty());
        for (NetworkDevice device : devices) {
            assertFalse(device.name().isBlank());
            for (IpNetworkAddress address : device.ipAddresses()) {
                assertTrue(address.contains(address.address()), address + " must lie in its own network");
            }
        }
    }
}
