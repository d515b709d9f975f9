// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.IpNetworkAddress;
import dev.netlistener.capture.MacAddress;
import dev.netlistener.capture.NetworkDevice;
import dev.netlistener.capture.NetworkDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** Lists the devices libpcap can capture on: flags, addresses with their networks, MAC. */
@Command(name = "devices", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footer = {"", "Example: the devices, to choose one for --device (-i):", "  scripts/devices"},
        description = "List the network devices with their flags, addresses (CIDR) and MAC.")
final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"device", "flags", "addresses", "mac", "description"});
        for (NetworkDevice device : NetworkDevices.list()) {
            rows.add(new String[]{
                    device.name(),
                    flags(device),
                    device.ipAddresses().stream().map(IpNetworkAddress::cidr).collect(Collectors.joining(" ")),
                    device.macAddress().map(MacAddress::toString).orElse(""),
                    device.description()});
        }
        System.out.print(Columns.align(rows));
        return 0;
    }

    private static String flags(NetworkDevice device) {
        List<String> flags = new ArrayList<>();
        flags.add(device.isUp() ? "UP" : "DOWN");
        if (device.isRunning()) {
            flags.add("RUNNING");
        }
        if (device.isLoopback()) {
            flags.add("LOOPBACK");
        }
        if (device.isWireless()) {
            flags.add("WIRELESS");
        }
        flags.add(device.connectionStatus().name());
        return String.join(",", flags);
    }
}
