// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the hand-written binding against the real headers: a probe is generated from the Java
 * side (every named field of every struct layout, every constant, the {@link FunctionDescriptor}
 * of every bound function and callback), compiled against {@code <pcap.h>} and the system headers,
 * and what it prints must equal what Java computes. A field, constant or function added to the
 * binding is checked automatically.
 *
 * <p>The probe is C++ (g++, part of GCC) only so that templates can take a declared prototype
 * apart: for each function it prints the kind and size of the return value and of every parameter
 * ({@code int32(pointer,pointer,int64)}), read from {@code decltype(pcap_inject)}. That catches a
 * wrong arity, {@code int} for {@code long} or {@code size_t}, an integer for a pointer and a wrong
 * return, which plain C can only do for exact pointee types a descriptor does not have. Pointer
 * parameters are compared as pointers: every data and function pointer has the same size and
 * calling convention on the platforms the binding supports, and a descriptor cannot say more.
 *
 * <p>It may skip only where the compiler or the headers are missing, and says so. With
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

    /** The classes whose functions and callbacks the proof covers. */
    private static final List<Class<?>> FUNCTIONS = List.of(LibPcap.class, LibC.class);

    /** The classes whose C constants the proof covers. */
    private static final List<Class<?>> CONSTANTS = List.of(LibPcap.class, sockaddr.class, LibC.class);

    @TempDir
    static Path probeDirectory;

    /** What the compiled probe printed; computed once for the tests that need it. */
    private static Map<String, String> headerSide;

    @Test
    void layoutsConstantsAndSignaturesMatchTheRealHeaders() throws Exception {
        Map<String, String> expected = javaSide();
        Map<String, String> actual = headerSide();

        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            String c = actual.get(entry.getKey());
            if (!entry.getValue().equals(c)) {
                differences.add(entry.getKey() + ": java=" + entry.getValue() + " c=" + c);
            }
        }
        System.out.printf("ABI proof: %d facts (%d function signatures) checked against <pcap.h> (%s)%n",
                expected.size(), boundFunctions().size(),
                LibPcap.isLoaded() ? "libpcap " + LibPcap.loadedLibrary() : "no libpcap");
        assertTrue(differences.isEmpty(), "binding differs from the C headers:\n" + String.join("\n", differences));
        assertEquals(expected.keySet(), actual.keySet(), "the probe printed facts the Java side did not ask for");
    }

    /**
     * The proof covers a function only through its holder's descriptor; this makes sure every
     * C-named public method has one and calls the handle that descriptor made.
     */
    @Test
    void everyBoundFunctionHasADescriptorItsMethodAgreesWith() throws Exception {
        Map<String, FunctionDescriptor> functions = boundFunctions();
        List<String> problems = new ArrayList<>();
        int methods = 0;
        for (Class<?> binding : FUNCTIONS) {
            for (Method method : binding.getMethods()) {
                if (method.getDeclaringClass() != binding || !Modifier.isStatic(method.getModifiers())
                        || !method.getName().matches("[a-z][a-z0-9_]*")) {
                    continue;
                }
                methods++;
                FunctionDescriptor descriptor = functions.get(method.getName());
                MethodType javaSignature = MethodType.methodType(method.getReturnType(), method.getParameterTypes());
                if (descriptor == null) {
                    problems.add(method.getName() + " has no " + method.getName() + "$.DESC, so the proof cannot see it");
                } else if (!descriptor.toMethodType().equals(javaSignature)) {
                    problems.add(method.getName() + " is " + javaSignature + " but its descriptor makes "
                            + descriptor.toMethodType());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(functions.size(), methods, "a holder class without a public method: " + functions.keySet());
    }

    /**
     * Each way a descriptor can be wrong (one parameter more or fewer, one parameter or the return
     * of another kind or size, a value for a void) must print differently from the real prototype,
     * for every bound function: the proof above cannot pass with any of them.
     */
    @Test
    void everyDescriptorWithOneThingWrongDiffersFromTheHeader() throws Exception {
        Map<String, String> header = headerSide();
        List<String> undetected = new ArrayList<>();
        int mutants = 0;
        for (Map.Entry<String, FunctionDescriptor> function : boundFunctions().entrySet()) {
            String real = header.get("signature." + function.getKey());
            if (!signature(function.getValue()).equals(real)) {
                continue; // wrong already: the first test names it
            }
            for (FunctionDescriptor wrong : oneThingWrong(function.getValue())) {
                mutants++;
                if (signature(wrong).equals(real)) {
                    undetected.add(function.getKey() + ": " + wrong + " passes as " + real);
                }
            }
        }
        System.out.printf("ABI proof: %d wrong descriptors, each told apart from the header%n", mutants);
        assertTrue(undetected.isEmpty(), String.join("\n", undetected));
    }

    /** Every fact the binding relies on, as computed on the Java side. */
    static Map<String, String> javaSide() throws ReflectiveOperationException {
        Map<String, String> facts = new TreeMap<>();
        for (Map.Entry<String, GroupLayout> struct : STRUCTS.entrySet()) {
            String name = struct.getKey().substring("struct ".length());
            facts.put("sizeof." + name, Long.toString(struct.getValue().byteSize()));
            long offset = 0;
            for (MemoryLayout member : struct.getValue().memberLayouts()) {
                if (member.name().isPresent()) {
                    String field = member.name().get();
                    facts.put("offsetof." + name + "." + field, Long.toString(offset));
                    facts.put("fieldsize." + name + "." + field, Long.toString(member.byteSize()));
                }
                offset += member.byteSize();
            }
        }
        facts.put("sizeof.long", Long.toString(LibPcap.C_LONG.byteSize()));
        facts.put("sizeof.size_t", Long.toString(LibPcap.C_SIZE_T.byteSize()));
        facts.put("sizeof.pointer", Long.toString(LibPcap.C_POINTER.byteSize()));
        for (Class<?> holder : CONSTANTS) {
            for (Field field : holder.getFields()) {
                if (isCConstant(field)) {
                    facts.put("const." + field.getName(), Integer.toString(field.getInt(null)));
                }
            }
        }
        for (Class<?> binding : FUNCTIONS) {
            for (Field field : binding.getFields()) {
                if (field.getType() == FunctionDescriptor.class) {
                    facts.put("callback." + field.getName(), signature((FunctionDescriptor) field.get(null)));
                }
            }
        }
        for (Map.Entry<String, FunctionDescriptor> function : boundFunctions().entrySet()) {
            facts.put("signature." + function.getKey(), signature(function.getValue()));
        }
        return facts;
    }

    /**
     * C name to descriptor of every downcall, read from the binding itself: each function's holder
     * class {@code name$} keeps its descriptor in {@code DESC}.
     */
    static Map<String, FunctionDescriptor> boundFunctions() throws ReflectiveOperationException {
        Map<String, FunctionDescriptor> functions = new TreeMap<>();
        for (Class<?> binding : FUNCTIONS) {
            for (Class<?> holder : binding.getDeclaredClasses()) {
                String name = holder.getSimpleName();
                if (name.endsWith("$")) {
                    Field descriptor = holder.getDeclaredField("DESC");
                    descriptor.setAccessible(true);
                    functions.put(name.substring(0, name.length() - 1), (FunctionDescriptor) descriptor.get(null));
                }
            }
        }
        return functions;
    }

    /** The form the probe prints a prototype in: {@code int32(pointer,int64)}, {@code void(pointer)}. */
    static String signature(FunctionDescriptor descriptor) {
        return descriptor.returnLayout().map(AbiProofTest::kind).orElse("void")
                + descriptor.argumentLayouts().stream().map(AbiProofTest::kind).collect(Collectors.joining(",", "(", ")"));
    }

    private static String kind(MemoryLayout layout) {
        return switch (layout) {
            case AddressLayout address -> "pointer";
            case ValueLayout value when value.carrier() == float.class || value.carrier() == double.class ->
                    "float" + 8 * value.byteSize();
            case ValueLayout value -> "int" + 8 * value.byteSize();
            // A struct passed by value: the probe never prints this, so it can only fail.
            default -> layout.toString();
        };
    }

    private static List<FunctionDescriptor> oneThingWrong(FunctionDescriptor descriptor) {
        List<MemoryLayout> arguments = descriptor.argumentLayouts();
        List<FunctionDescriptor> wrong = new ArrayList<>();
        for (MemoryLayout extra : List.of(LibPcap.C_INT, LibPcap.C_POINTER)) {
            wrong.add(descriptor.appendArgumentLayouts(extra));
        }
        if (!arguments.isEmpty()) {
            wrong.add(descriptor(descriptor.returnLayout(), arguments.subList(0, arguments.size() - 1)));
        }
        for (int i = 0; i < arguments.size(); i++) {
            for (MemoryLayout other : otherKinds(arguments.get(i))) {
                List<MemoryLayout> changed = new ArrayList<>(arguments);
                changed.set(i, other);
                wrong.add(descriptor(descriptor.returnLayout(), changed));
            }
        }
        if (descriptor.returnLayout().isEmpty()) {
            wrong.add(descriptor.changeReturnLayout(LibPcap.C_INT));
        } else {
            wrong.add(descriptor.dropReturnLayout());
            for (MemoryLayout other : otherKinds(descriptor.returnLayout().get())) {
                wrong.add(descriptor.changeReturnLayout(other));
            }
        }
        return wrong;
    }

    /** The two kinds a layout is not, among int, long and pointer. */
    private static List<MemoryLayout> otherKinds(MemoryLayout layout) {
        return List.<MemoryLayout>of(LibPcap.C_INT, LibPcap.C_LONG_LONG, LibPcap.C_POINTER).stream()
                .filter(other -> !kind(other).equals(kind(layout)))
                .toList();
    }

    private static FunctionDescriptor descriptor(Optional<MemoryLayout> returns, List<MemoryLayout> arguments) {
        MemoryLayout[] array = arguments.toArray(MemoryLayout[]::new);
        return returns.map(r -> FunctionDescriptor.of(r, array)).orElseGet(() -> FunctionDescriptor.ofVoid(array));
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

    private static String probeSource(Map<String, String> facts) {
        StringBuilder c = new StringBuilder("""
                #include <pcap/pcap.h>
                #include <cstddef>
                #include <cstdio>
                #include <string>
                #include <type_traits>
                #include <sys/time.h>
                #include <sys/socket.h>
                #include <netinet/in.h>
                #include <linux/if_packet.h>
                #include <poll.h>
                #define FIELDSIZE(t, f) sizeof(((t *) 0)->f)

                template <typename T> std::string kind() {
                    if constexpr (std::is_void_v<T>) return "void";
                    else if constexpr (std::is_pointer_v<T>) return "pointer";
                    else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) return "int" + std::to_string(8 * sizeof(T));
                    else if constexpr (std::is_floating_point_v<T>) return "float" + std::to_string(8 * sizeof(T));
                    else return "unsupported";
                }

                template <typename F> struct Signature;
                template <typename R, typename... A> struct Signature<R(A...)> {
                    static std::string text() {
                        std::string parameters;
                        ((parameters += (parameters.empty() ? "" : ",") + kind<A>()), ...);
                        return kind<R>() + "(" + parameters + ")";
                    }
                };
                template <typename F> struct Signature<F *> : Signature<F> {};

                int main() {
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
                // The binding passes constants as 32-bit ints: compare them as the int a call would get.
                case "const" -> "(int) (" + parts[1] + ")";
                case "signature" -> "Signature<decltype(" + parts[1] + ")>::text()";
                case "callback" -> "Signature<" + parts[1] + ">::text()";
                default -> throw new IllegalArgumentException(fact);
            };
            if (expression.endsWith("::text()")) {
                c.append("    std::printf(\"%s=%s\\n\", \"").append(fact).append("\", ")
                        .append(expression).append(".c_str());\n");
            } else {
                c.append("    std::printf(\"%s=%lld\\n\", \"").append(fact).append("\", (long long) (")
                        .append(expression).append("));\n");
            }
        }
        return c.append("    return 0;\n}\n").toString();
    }

    private static synchronized Map<String, String> headerSide() throws Exception {
        if (headerSide == null) {
            headerSide = compileAndRunProbe(probeDirectory, probeSource(javaSide()));
        }
        return headerSide;
    }

    private static Map<String, String> compileAndRunProbe(Path dir, String source) throws Exception {
        boolean required = "1".equals(System.getenv("NETLISTENER_REQUIRE_ABI_PROOF"));
        String missing = !onPath("g++") ? "g++ is not installed (apt-get install g++)"
                : !Files.exists(Path.of("/usr/include/pcap/pcap.h")) ? "<pcap/pcap.h> is missing (install libpcap-dev)"
                : !Files.exists(Path.of("/usr/include/linux/if_packet.h")) ? "<linux/if_packet.h> is missing (not Linux?)"
                : null;
        if (missing != null) {
            if (required) {
                throw new AssertionError("ABI proof required but " + missing);
            }
            assumeTrue(false, "ABI proof skipped: " + missing);
        }
        Path cpp = dir.resolve("probe.cpp");
        Path exe = dir.resolve("probe");
        Files.writeString(cpp, source);
        // Attributes such as poll's access() hints are dropped when a prototype is taken apart; they
        // do not change the calling convention.
        String compile = run(List.of("g++", "-std=c++17", "-Wall", "-Werror", "-Wno-ignored-attributes",
                "-o", exe.toString(), cpp.toString()));
        assertTrue(Files.isExecutable(exe), "probe did not compile:\n" + compile + "\n" + source);
        Map<String, String> facts = new TreeMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            if (!line.isBlank()) {
                int equals = line.indexOf('=');
                facts.put(line.substring(0, equals), line.substring(equals + 1));
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
