// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InNetworkTest {

    private static NetworkDevice deviceWith(String... cidrs) {
        List<DeviceAddress> addresses = java.util.Arrays.stream(cidrs)
                .map(IpNetworkAddress::parseCidr).map(DeviceAddress.class::cast).toList();
        return new NetworkDevice("test0", "", 0, addresses);
    }

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, ::1, false",
            "10.0.0.0/8, 10.255.255.255, true",
            "10.0.0.0/8, 11.0.0.0, false",
            "10.0.0.0/8, 9.255.255.255, false",
            "192.0.2.7/32, 192.0.2.7, true",
            "192.0.2.7/32, 192.0.2.6, false",
            "192.0.2.7/31, 192.0.2.6, true",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",
            "2001:db8:1:2::/64, 2001:db8:1:2:ffff:ffff:ffff:ffff, true",
            "2001:db8:1:2::/64, 2001:db8:1:3::, false",
            "2001:db8::1/128, 2001:db8::1, true",
            "2001:db8::1/128, 2001:db8::2, false",
            "fe80::/10, fe80::1%1, true",
            "fe80::/10, fec0::1, false",
    })
    void decidesMembershipAtEdgePrefixes(String network, String address, boolean expected) {
        assertEquals(expected, deviceWith(network).inNetwork(address));
    }

    @Test
    void anyOfSeveralNetworksCounts() {
        NetworkDevice device = deviceWith("192.168.1.10/24", "fd00::10/64");
        assertTrue(device.inNetwork("192.168.1.200"));
        assertTrue(device.inNetwork("fd00::abcd"));
        assertFalse(device.inNetwork("192.168.2.1"));
        assertFalse(new NetworkDevice("none0", "", 0, List.of()).inNetwork("192.168.1.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "300.1.1.1", "1.2.3.4.5", "example.com", "::g", "1:2:3:4:5:6:7:8:9", "10.0.0.0/8"})
    void rejectsAnInvalidAddressNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> deviceWith("10.0.0.0/8").inNetwork(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void networkIdClearsHostBits() {
        assertEquals("10.1.0.0", InetAddresses.format(IpNetworkAddress.parseCidr("10.1.2.3/16").networkId()));
        assertEquals("2001:db8::", InetAddresses.format(IpNetworkAddress.parseCidr("2001:db8::77/32").networkId()));
        assertEquals("0.0.0.0", InetAddresses.format(IpNetworkAddress.parseCidr("10.1.2.3/0").networkId()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/-1"})
    void rejectsABadPrefix(String cidr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpNetworkAddress.parseCidr(cidr));
        assertTrue(e.getMessage().contains(cidr), e.getMessage());
    }

    @Test
    void prefixLengthCountsLeadingOnes() {
        assertEquals(0, InetAddresses.prefixLength(new byte[4]));
        assertEquals(8, InetAddresses.prefixLength(new byte[]{(byte) 255, 0, 0, 0}));
        assertEquals(20, InetAddresses.prefixLength(new byte[]{(byte) 255, (byte) 255, (byte) 240, 0}));
        assertEquals(32, InetAddresses.prefixLength(new byte[]{-1, -1, -1, -1}));
    }
}
