// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and loads libpcap once per JVM.
 *
 * <p>Order: an explicit path or name from the system property {@value #PATH_PROPERTY} or the
 * environment variable {@value #PATH_ENV}; then the usual names on Linux ({@code libpcap.so.1},
 * Debian's {@code libpcap.so.0.8}, the development link {@code libpcap.so}), macOS
 * ({@code libpcap.A.dylib}) and Windows with Npcap ({@code wpcap.dll}). The library stays loaded for
 * the life of the JVM (global arena), like any C library a process links.
 */
final class LibraryLoader {
    static final String PATH_PROPERTY = "netlistener.libpcap";
    static final String PATH_ENV = "NETLISTENER_LIBPCAP";
    static final List<String> DEFAULT_NAMES =
            List.of("libpcap.so.1", "libpcap.so.0.8", "libpcap.so", "libpcap.A.dylib", "wpcap.dll");

    private static final Result RESULT = load();

    private LibraryLoader() {
    }

    /** What loading produced: a lookup and the name that loaded, or the reason nothing did. */
    record Result(Optional<SymbolLookup> lookup, String loadedName, String failure) {
    }

    static Result result() {
        return RESULT;
    }

    private static Result load() {
        List<String> candidates = new ArrayList<>();
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(PATH_ENV);
        }
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(explicit.strip());
        }
        candidates.addAll(DEFAULT_NAMES);

        List<String> tried = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                SymbolLookup lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
                return new Result(Optional.of(lookup), candidate, null);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                tried.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        return new Result(Optional.empty(), null, failureMessage(tried));
    }

    private static String failureMessage(List<String> tried) {
        return "libpcap could not be loaded. Tried: " + String.join("; ", tried) + ". "
                + "Install it: Debian/Ubuntu 'apt-get install -y libpcap0.8' (or libpcap-dev), "
                + "Fedora/RHEL 'dnf install -y libpcap', Alpine 'apk add libpcap', macOS ships it, "
                + "Windows needs Npcap (https://npcap.com). A library in another place can be named "
                + "with -D" + PATH_PROPERTY + "=/path/to/libpcap.so or the environment variable "
                + PATH_ENV + ".";
    }
}
