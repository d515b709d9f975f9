// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace {@code nlbench<pid>} holding one end of a veth pair ({@code nlbench<pid>p},
 * where tcpreplay or trafgen sends) and the other end here ({@code nlbench<pid>h}, where the tools capture).
 * IPv6 is off and neither end has an address, so the kernel sends nothing of its own; the MTU is
 * 9000, above every replayed frame (at most 1518 bytes with a VLAN tag). {@link #close()} removes
 * both; {@link #removeLeftovers()} removes those of a harness that was killed before it could.
 */
final class VethLink implements AutoCloseable {
    private static final String PREFIX = "nlbench";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)\\b");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String namespace;

    private VethLink(String namespace) {
        this.namespace = namespace;
    }

    static VethLink create() throws IOException, InterruptedException {
        VethLink link = new VethLink(PREFIX + ProcessHandle.current().pid());
        try {
            Commands.run(COMMAND_TIMEOUT, "ip", "netns", "add", link.namespace);
            Commands.run(COMMAND_TIMEOUT, "ip", "link", "add", link.host(), "type", "veth", "peer", "name", link.peer());
            Commands.run(COMMAND_TIMEOUT, "ip", "link", "set", link.peer(), "netns", link.namespace);
            Commands.run(COMMAND_TIMEOUT, "sysctl", "-qw", "net.ipv6.conf." + link.host() + ".disable_ipv6=1");
            Commands.run(COMMAND_TIMEOUT, link.inside("sysctl", "-qw", "net.ipv6.conf." + link.peer() + ".disable_ipv6=1"));
            Commands.run(COMMAND_TIMEOUT, "ip", "link", "set", link.host(), "mtu", "9000", "up");
            Commands.run(COMMAND_TIMEOUT, link.inside("ip", "link", "set", link.peer(), "mtu", "9000", "up"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** What a harness does with a link. */
    @FunctionalInterface
    interface Work<T> {
        T run(VethLink link) throws Exception;
    }

    /**
     * Runs {@code work} on a new link and removes the link afterwards, also when this JVM is
     * stopped by SIGINT or SIGTERM (then the processes it started are stopped too); first removes
     * what killed harnesses left.
     */
    static <T> T during(Work<T> work) throws Exception {
        removeLeftovers();
        VethLink link = create();
        Thread cleanUp = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            link.close();
        });
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            return work.run(link);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
            link.close();
        }
    }

    /** Deletes the namespaces and links of earlier harness processes that no longer run. */
    static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : Commands.run(COMMAND_TIMEOUT, "ip", "netns", "list").lines().toList()) {
            Matcher matcher = OURS.matcher(line);
            if (matcher.find() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()) {
                System.err.println("removing " + matcher.group() + ", left over by a harness that was killed");
                new VethLink(matcher.group()).close();
            }
        }
    }

    /** The end to capture on. */
    String host() {
        return namespace + "h";
    }

    String peer() {
        return namespace + "p";
    }

    /** A command run inside the namespace. */
    List<String> inside(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    /** The host end's receive counters from sysfs: what reached the interface, whoever captures. */
    InterfaceCounters counters() throws IOException {
        Path statistics = Path.of("/sys/class/net", host(), "statistics");
        return new InterfaceCounters(Long.parseLong(Files.readString(statistics.resolve("rx_packets")).strip()),
                Long.parseLong(Files.readString(statistics.resolve("rx_dropped")).strip()));
    }

    @Override
    public void close() {
        Commands.runQuietly("ip", "link", "del", host());
        Commands.runQuietly("ip", "netns", "del", namespace);
    }

    record InterfaceCounters(long received, long dropped) {
        InterfaceCounters since(InterfaceCounters before) {
            return new InterfaceCounters(received - before.received, dropped - before.dropped);
        }
    }
}
