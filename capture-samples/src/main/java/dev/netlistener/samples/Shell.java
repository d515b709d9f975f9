// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Asks {@code sh} what Java cannot tell: whether a descriptor is a terminal, a terminal's size. */
final class Shell {
    private Shell() {
    }

    /**
     * What {@code script} prints, stripped, when it succeeds; null when it fails or cannot run. Its
     * standard error is this process's (so that {@code test -t 2} sees it); its standard input is
     * not, so that it can never take input meant for a capture read from standard input.
     */
    static String output(String script) {
        try {
            Process shell = new ProcessBuilder("sh", "-c", script)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return shell.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
