package dev.netlistener.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the hand-written binding against the real headers: a C probe is generated from the Java
 * side (every named field of every struct layout, every constant), compiled with gcc against
 * {@code <pcap.h>} and the system headers, and its sizeof/offsetof/value lines must equal what
 * Java computes. A field added to a layout or a constant added to {@link LibPcap} is checked
 * automatically.
 *
 * <p>It may skip only where gcc or the headers are missing, and says so. With
 * {@code NETLISTENER_REQUIRE_ABI_PROOF=1} (set by CI) a missing compiler or header fails instead.
 */
class AbiProofTest {

    /** Java struct class to C type name. */
    private static final Map<String, GroupLayout> STRUCTS = new LinkedHashMap<>();

    static {
        STRUCTS.put("struct timeval", timeval.LAYOUT);
        STRUCTS.put("struct pcap_pkthdr", pcap_pkthdr.LAYOUT);
        STRUCTS.put("struct pcap_if", pcap_if.LAYOUT);
        STRUCTS.put("struct pcap_addr", pcap_addr.LAYOUT);
        STRUCTS.put("struct pcap_stat", pcap_stat.LAYOUT);
        STRUCTS.put("struct bpf_program", bpf_program.LAYOUT);
        STRUCTS.put("struct sockaddr", sockaddr.LAYOUT);
        STRUCTS.put("struct sockaddr_in", sockaddr_in.LAYOUT);
        STRUCTS.put("struct sockaddr_in6", sockaddr_in6.LAYOUT);
        STRUCTS.put("struct sockaddr_ll", sockaddr_ll.LAYOUT);
        STRUCTS.put("struct pollfd", pollfd.LAYOUT);
    }

    @Test
    void layoutsAndConstantsMatchTheRealHeaders(@TempDir Path dir) throws Exception {
        Map<String, Long> expected = javaSide();
        Map<String, Long> actual = compileAndRunProbe(dir, probeSource(expected));

        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Long> entry : expected.entrySet()) {
            Long c = actual.get(entry.getKey());
            boolean same = c != null && (entry.getKey().startsWith("const.")
                    // C constants are printed as long long; the binding passes them as 32-bit ints.
                    ? c.intValue() == entry.getValue().intValue()
                    : c.longValue() == entry.getValue().longValue());
            if (!same) {
                differences.add(entry.getKey() + ": java=" + entry.getValue() + " c=" + c);
            }
        }
        System.out.printf("ABI proof: %d facts checked against <pcap.h> (%s)%n",
                expected.size(), LibPcap.isLoaded() ? "libpcap " + LibPcap.loadedLibrary() : "no libpcap");
        assertTrue(differences.isEmpty(), "binding differs from the C headers:\n" + String.join("\n", differences));
        assertEquals(expected.size(), actual.size(), "the probe printed facts the Java side did not ask for");
    }

    /** Every fact the binding relies on, as computed on the Java side. */
    static Map<String, Long> javaSide() throws IllegalAccessException {
        Map<String, Long> facts = new TreeMap<>();
        for (Map.Entry<String, GroupLayout> struct : STRUCTS.entrySet()) {
            String name = struct.getKey().substring("struct ".length());
            facts.put("sizeof." + name, struct.getValue().byteSize());
            long offset = 0;
            for (MemoryLayout member : struct.getValue().memberLayouts()) {
                if (member.name().isPresent()) {
                    String field = member.name().get();
                    facts.put("offsetof." + name + "." + field, offset);
                    facts.put("fieldsize." + name + "." + field, member.byteSize());
                }
                offset += member.byteSize();
            }
        }
        facts.put("sizeof.long", LibPcap.C_LONG.byteSize());
        facts.put("sizeof.size_t", LibPcap.C_SIZE_T.byteSize());
        facts.put("sizeof.pointer", LibPcap.C_POINTER.byteSize());
        for (Class<?> holder : List.of(LibPcap.class, sockaddr.class, LibC.class)) {
            for (Field field : holder.getFields()) {
                if (isCConstant(field)) {
                    facts.put("const." + field.getName(), (long) field.getInt(null));
                }
            }
        }
        return facts;
    }

    /**
     * Public static final ints named like C macros. LINKTYPE_RAW is left out: it is a file-format
     * value from libpcap's private pcap-common.c, not in any installed header.
     */
    private static boolean isCConstant(Field field) {
        int modifiers = field.getModifiers();
        return Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == int.class
                && field.getName().matches("(PCAP|DLT|AF|POLL)[A-Z0-9_]*");
    }

    private static String probeSource(Map<String, Long> facts) {
        StringBuilder c = new StringBuilder("""
                #include <pcap/pcap.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/time.h>
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <linux/if_packet.h>
                #include <poll.h>
                #define FIELDSIZE(t, f) sizeof(((t *) 0)->f)
                int main(void) {
                """);
        for (String fact : facts.keySet()) {
            String[] parts = fact.split("\\.");
            String expression = switch (parts[0]) {
                case "sizeof" -> switch (parts[1]) {
                    case "long" -> "sizeof(long)";
                    case "size_t" -> "sizeof(size_t)";
                    case "pointer" -> "sizeof(void *)";
                    default -> "sizeof(struct " + parts[1] + ")";
                };
                case "offsetof" -> "offsetof(struct " + parts[1] + ", " + parts[2] + ")";
                case "fieldsize" -> "FIELDSIZE(struct " + parts[1] + ", " + parts[2] + ")";
                case "const" -> parts[1];
                default -> throw new IllegalArgumentException(fact);
            };
            c.append("    printf(\"%s=%lld\\n\", \"").append(fact).append("\", (long long) (")
                    .append(expression).append("));\n");
        }
        return c.append("    return 0;\n}\n").toString();
    }

    private static Map<String, Long> compileAndRunProbe(Path dir, String source) throws Exception {
        boolean required = "1".equals(System.getenv("NETLISTENER_REQUIRE_ABI_PROOF"));
        String missing = !onPath("gcc") ? "gcc is not installed"
                : !Files.exists(Path.of("/usr/include/pcap/pcap.h")) ? "<pcap/pcap.h> is missing (install libpcap-dev)"
                : !Files.exists(Path.of("/usr/include/linux/if_packet.h")) ? "<linux/if_packet.h> is missing (not Linux?)"
                : null;
        if (missing != null) {
            if (required) {
                throw new AssertionError("ABI proof required but " + missing);
            }
            assumeTrue(false, "ABI proof skipped: " + missing);
        }
        Path c = dir.resolve("probe.c");
        Path exe = dir.resolve("probe");
        Files.writeString(c, source);
        String compile = run(List.of("gcc", "-Wall", "-Werror", "-o", exe.toString(), c.toString()));
        assertTrue(Files.isExecutable(exe), "probe did not compile:\n" + compile + "\n" + source);
        Map<String, Long> facts = new TreeMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            if (!line.isBlank()) {
                int equals = line.indexOf('=');
                facts.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
            }
        }
        return facts;
    }

    private static boolean onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return output;
    }
}
