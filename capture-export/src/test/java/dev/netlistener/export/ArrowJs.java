// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The apache-arrow JavaScript package reading an Arrow IPC file or stream (read-arrow.mjs):
 * installed from npm into target/arrow-js on first use. Without node and npm the test skips, or
 * fails where CI requires the corpus tests to run.
 */
final class ArrowJs {
    static final String PACKAGE = "apache-arrow@21.2.0";
    private static final Path HOME = Path.of("target", "arrow-js").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the reader printed: each field as "name type nullable", the batch count and every row. */
    record Read(List<String> fields, int batches, List<List<Object>> rows) {
    }

    private ArrowJs() {
    }

    static synchronized Read read(Path file) throws IOException, InterruptedException {
        Path script = install();
        String output = run(List.of("node", script.toString(), file.toString()), HOME);
        List<String> lines = output.lines().toList();
        List<String> fields = new ArrayList<>();
        for (JsonNode field : JSON.readTree(lines.get(0))) {
            fields.add(field.get("name").asText() + " " + field.get("type").asText() + " " + field.get("nullable").asBoolean());
        }
        int batches = JSON.readTree(lines.get(1)).get("batches").asInt();
        List<List<Object>> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            List<Object> row = new ArrayList<>();
            for (JsonNode value : JSON.readTree(line)) {
                row.add(value.isNull() ? null : value.isTextual() && value.asText().matches("-?\\d+")
                        ? (Object) Long.parseLong(value.asText()) : value.isNumber() ? (Object) value.asLong() : value.asText());
            }
            rows.add(row);
        }
        return new Read(fields, batches, rows);
    }

    private static Path install() throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("NETLISTENER_REQUIRE_CORPUS"));
        boolean present = onPath("node") && onPath("npm");
        if (!present && required) {
            throw new AssertionError("NETLISTENER_REQUIRE_CORPUS=1 but node and npm are not installed (apt-get install nodejs npm)");
        }
        assumeTrue(present, "node and npm are needed to read Arrow files with the apache-arrow package");
        Files.createDirectories(HOME);
        if (!Files.isDirectory(HOME.resolve("node_modules/apache-arrow"))) {
            run(List.of("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", HOME.toString(), PACKAGE), HOME);
        }
        Path script = HOME.resolve("read-arrow.mjs");
        try (InputStream in = ArrowJs.class.getResourceAsStream("/read-arrow.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static boolean onPath(String command) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path errors = Files.createTempFile(HOME, "stderr", ".txt");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(errors.toFile()).start();
            String out;
            try (InputStream stdout = process.getInputStream()) {
                out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (process.waitFor() != 0) {
                throw new IOException(command + " failed: " + Files.readString(errors));
            }
            return out;
        } finally {
            Files.delete(errors);
        }
    }
}
