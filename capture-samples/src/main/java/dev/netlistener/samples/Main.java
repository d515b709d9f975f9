// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.PcapException;
import java.io.Console;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The sample programs, one subcommand each; {@code scripts/<name>} runs {@code <name>}. */
@Command(name = "netlistener", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Packet capture samples built on netlistener.",
        footer = {"", "Example: a subcommand's own options and example:", "  netlistener listen --help"},
        subcommands = {ListenCommand.class, DevicesCommand.class, TopCommand.class, DumpCommand.class,
                StreamCommand.class, SensorCommand.class, CollectCommand.class})
public final class Main {

    /** How picocli refuses a value of an enum option; reworded as our converters say it. */
    private static final Pattern PICOCLI_ENUM_ERROR =
            Pattern.compile("^expected one of \\[(.*)\\] \\(case-insensitive\\) but was '(.*)'$");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a sample and returns its exit code (tests call this instead of main). Every failure
     * a user can cause is one line on stderr, {@code <sample>: <what happened and what to do>}:
     * a bad option exits with 2 (picocli's usage error); a libpcap error (no permission, no such
     * device, a bad filter, an unreadable file) or an output that cannot be written exits with 1.
     * Anything else is a bug and shows its stack trace.
     */
    public static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    CommandLine command = e.getCommandLine();
                    command.getErr().println(command.getCommandName() + ": " + usageError(e));
                    return command.getCommandSpec().exitCodeOnInvalidInput();
                })
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (!(e instanceof PcapException || e instanceof SampleException)) {
                        throw e;
                    }
                    command.getErr().println(command.getCommandName() + ": " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }

    /**
     * {@code --interval must be ..., got VALUE; see --help} for a value our converters refused (they
     * say what is expected and what was given); picocli's text otherwise, which names the option.
     * One line, not the usage text, so that the error is not lost above it.
     */
    private static String usageError(ParameterException e) {
        String error = e.getCause() instanceof TypeConversionException refused
                && e.getArgSpec() instanceof OptionSpec option
                ? option.longestName() + " " + PICOCLI_ENUM_ERROR.matcher(refused.getMessage())
                        .replaceFirst("must be one of $1 (in any case), got $2")
                : e.getMessage();
        return error + "; see --help";
    }

    /** Whether stdout is a terminal: progress and screen refreshes only make sense there. */
    static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
