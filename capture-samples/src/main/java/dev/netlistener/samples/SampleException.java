// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A failure the user can do something about; {@link Main} prints its message as one line,
 * {@code <sample>: <message>}, and exits with 1.
 */
final class SampleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SampleException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code <doing> '<file>' failed: <the system's reason>. <what to do>} */
    static SampleException io(String doing, Path file, Exception e) {
        String reason = reason(e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e);
        return new SampleException(doing + " '" + file + "' failed: " + reason + hint(file, reason), e);
    }

    /** The system's own words; NIO puts them in a reason, or only in the exception's type. */
    private static String reason(Exception e) {
        return switch (e) {
            case NoSuchFileException ignored -> "No such file or directory";
            case AccessDeniedException ignored -> "Permission denied";
            case FileSystemException fs when fs.getReason() != null -> fs.getReason();
            default -> String.valueOf(e.getMessage());
        };
    }

    private static String hint(Path file, String reason) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return ". The directory " + parent + " does not exist: create it or write elsewhere";
        }
        if (reason.contains("Read-only")) {
            return ". That file system is mounted read-only: write elsewhere";
        }
        if (reason.contains("No space") || reason.contains("quota")) {
            return ". The file system is full: free space or write elsewhere";
        }
        return Files.isDirectory(file) ? ". Name a file, not a directory" : "";
    }
}
