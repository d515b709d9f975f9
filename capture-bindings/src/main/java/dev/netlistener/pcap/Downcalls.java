// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Looks up libpcap functions once each. A missing library or symbol yields {@code null} here and
 * an explanatory exception when the function is called, never a failure when a class loads.
 */
final class Downcalls {
    private static final Linker LINKER = Linker.nativeLinker();

    private Downcalls() {
    }

    static MethodHandle find(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LibraryLoader.result().lookup()
                .flatMap(lookup -> lookup.find(name))
                .map(address -> LINKER.downcallHandle(address, descriptor, options))
                .orElse(null);
    }

    static MemorySegment address(String name) {
        return LibraryLoader.result().lookup()
                .flatMap(lookup -> lookup.find(name))
                .orElse(null);
    }

    static boolean isPresent(String name) {
        return address(name) != null;
    }

    /** The handle itself, or the exception that says why it is missing. */
    static MethodHandle require(MethodHandle handle, String name) {
        if (handle == null) {
            throw missing(name);
        }
        return handle;
    }

    static MemorySegment require(MemorySegment address, String name) {
        if (address == null) {
            throw missing(name);
        }
        return address;
    }

    static RuntimeException missing(String name) {
        LibraryLoader.Result result = LibraryLoader.result();
        if (result.lookup().isEmpty()) {
            return new LibPcapUnavailableException(result.failure());
        }
        return new UnsupportedSymbolException(name, LibPcap.libraryDescription());
    }

    /** Downcalls throw nothing checked; anything else is a bug or an unsupported symbol. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("unexpected checked exception from a downcall", t);
    }
}
