// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.nio.file.Path;

/** One contender of the offline pipeline benchmark: opens a capture file, reads every packet's fields, closes it. */
interface OfflineReader {
    /** Reads the whole file; the checksum of the fields read proves the work was done. */
    FieldChecksum read(Path file) throws Exception;
}
