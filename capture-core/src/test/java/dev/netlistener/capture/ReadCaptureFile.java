// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Run by tests in a child JVM (as another user, or with standard input piped): reads a capture
 * file and prints "packets N bytes B", or the failure's status and message on two lines.
 */
public final class ReadCaptureFile {
    private ReadCaptureFile() {
    }

    public static void main(String[] args) {
        Optional<String> filter = args.length > 1 ? Optional.of(args[1]) : Optional.empty();
        try (CaptureFile file = CaptureFile.open(Path.of(args[0]), filter)) {
            long packets = 0;
            long bytes = 0;
            while (file.advance()) {
                packets++;
                bytes += file.capturedLength();
            }
            System.out.println("packets " + packets + " bytes " + bytes);
        } catch (PcapException e) {
            System.out.println(e.status().cName());
            System.out.println(e.getMessage());
        }
    }
}
