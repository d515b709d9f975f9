// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.pcap.LibPcap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on, written beside them. */
record Machine(String cpu, int cores, String kernel, String java, String libpcap, String date) {

    static Machine describe() {
        return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " "
                + System.getProperty("os.version"), System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version"), LibPcap.pcap_lib_version().reinterpret(LibPcap.PCAP_ERRBUF_SIZE).getString(0),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cpu", cpu);
        json.put("cores", cores);
        json.put("kernel", kernel);
        json.put("java", java);
        json.put("libpcap", libpcap);
        json.put("date", date);
        return json;
    }

    String line() {
        return cpu + ", " + cores + " vCPUs, " + kernel + ", " + java + ", " + libpcap + ", " + date;
    }
}
