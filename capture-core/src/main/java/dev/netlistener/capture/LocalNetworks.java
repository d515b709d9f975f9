// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.util.List;

/**
 * The networks that count as local when deciding a packet's {@link Direction}: prefix tests on
 * primitive addresses, no objects per packet.
 */
final class LocalNetworks {
    private final int[] ipv4Networks;
    private final int[] ipv4Masks;
    private final long[] ipv6High;
    private final long[] ipv6Low;
    private final long[] ipv6MaskHigh;
    private final long[] ipv6MaskLow;
    private final List<IpNetworkAddress> networks;

    LocalNetworks(List<IpNetworkAddress> networks) {
        this.networks = List.copyOf(networks);
        List<IpNetworkAddress> v4 = networks.stream().filter(IpNetworkAddress::isIpv4).toList();
        List<IpNetworkAddress> v6 = networks.stream().filter(IpNetworkAddress::isIpv6).toList();
        ipv4Networks = new int[v4.size()];
        ipv4Masks = new int[v4.size()];
        for (int i = 0; i < v4.size(); i++) {
            int prefix = v4.get(i).prefixLength();
            ipv4Masks[i] = prefix == 0 ? 0 : -1 << (32 - prefix);
            ipv4Networks[i] = InetAddresses.toInt(v4.get(i).address().getAddress()) & ipv4Masks[i];
        }
        ipv6High = new long[v6.size()];
        ipv6Low = new long[v6.size()];
        ipv6MaskHigh = new long[v6.size()];
        ipv6MaskLow = new long[v6.size()];
        for (int i = 0; i < v6.size(); i++) {
            int prefix = v6.get(i).prefixLength();
            ipv6MaskHigh[i] = prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
            ipv6MaskLow[i] = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            byte[] bytes = v6.get(i).address().getAddress();
            ipv6High[i] = InetAddresses.toLong(bytes, 0) & ipv6MaskHigh[i];
            ipv6Low[i] = InetAddresses.toLong(bytes, 8) & ipv6MaskLow[i];
        }
    }

    static LocalNetworks parse(List<String> cidrs) {
        return new LocalNetworks(cidrs.stream().map(IpNetworkAddress::parseCidr).toList());
    }

    boolean containsIpv4(int address) {
        for (int i = 0; i < ipv4Masks.length; i++) {
            if ((address & ipv4Masks[i]) == ipv4Networks[i]) {
                return true;
            }
        }
        return false;
    }

    boolean containsIpv6(long high, long low) {
        for (int i = 0; i < ipv6High.length; i++) {
            if ((high & ipv6MaskHigh[i]) == ipv6High[i] && (low & ipv6MaskLow[i]) == ipv6Low[i]) {
                return true;
            }
        }
        return false;
    }

    List<IpNetworkAddress> networks() {
        return networks;
    }

    LocalNetworks plus(List<IpNetworkAddress> more) {
        java.util.ArrayList<IpNetworkAddress> all = new java.util.ArrayList<>(networks);
        all.addAll(more);
        return new LocalNetworks(all);
    }
}
