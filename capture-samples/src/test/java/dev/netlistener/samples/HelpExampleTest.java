// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every --help ends with one example, and the example is a valid command line of that sample. */
class HelpExampleTest {
    /** Words, or a quoted argument, as a shell splits them. */
    private static final Pattern WORD = Pattern.compile("'([^']*)'|(\\S+)");

    @ParameterizedTest
    @ValueSource(strings = {"listen", "top", "dump", "stream", "devices", ""})
    void helpEndsWithAnExampleThatParses(String sample) {
        SampleRun run = sample.isEmpty() ? SampleRun.of("--help") : SampleRun.of(sample, "--help");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        int example = lines.size() - 2;
        assertTrue(lines.get(example).startsWith("Example: "), run.out());
        String command = lines.get(example + 1).strip();
        String program = sample.isEmpty() ? "netlistener" : "scripts/" + sample;
        assertTrue(command.startsWith(program), command);
        List<String> args = new ArrayList<>();
        if (!sample.isEmpty()) {
            args.add(sample);
        }
        Matcher words = WORD.matcher(command.substring(program.length()));
        while (words.find()) {
            args.add(words.group(1) != null ? words.group(1) : words.group(2));
        }
        // Parsing runs every option's converter: a misspelt option or a bad value fails here.
        List<CommandLine> parsed = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(args.toArray(String[]::new)).asCommandLineList();
        assertEquals(sample.isEmpty() ? "listen" : sample, parsed.getLast().getCommandName(), command);
    }
}
