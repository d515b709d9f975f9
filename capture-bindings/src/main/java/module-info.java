// SPDX-License-Identifier: Apache-2.0
/**
 * A thin, C-shaped binding to libpcap through the Foreign Function &amp; Memory API.
 *
 * <p>Written by hand in the shape jextract produces (jextract is not published on any registry this
 * project can reach): functions keep their C names ({@code pcap_create}), structs are
 * {@link java.lang.foreign.MemoryLayout}s with named fields, constants keep their C names. The
 * idiomatic Java API lives in {@code dev.netlistener.capture}; this module only moves bytes and
 * status codes across the boundary. Its layouts, constants and function signatures are
 * proven against the real {@code <pcap.h>} by a test that compiles a probe with g++.
 */
module dev.netlistener.pcap {
    exports dev.netlistener.pcap;
}
