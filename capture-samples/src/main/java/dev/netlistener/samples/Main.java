package dev.netlistener.samples;

import dev.netlistener.capture.PcapException;
import java.io.Console;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The sample programs, one subcommand each; {@code scripts/<name>} runs {@code <name>}. */
@Command(name = "netlistener", mixinStandardHelpOptions = true, version = "netlistener 0.1.0",
        description = "Packet capture samples built on netlistener.",
        subcommands = {ListenCommand.class, DevicesCommand.class, TopCommand.class, DumpCommand.class,
                StreamCommand.class})
public final class Main {

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

    /** {@code --interval must be ...} for a value our converters refused; picocli's text otherwise. */
    private static String usageError(ParameterException e) {
        if (e.getCause() instanceof TypeConversionException refused && e.getArgSpec() instanceof OptionSpec option) {
            return option.longestName() + " " + refused.getMessage();
        }
        return e.getMessage() + " (--help lists the options)";
    }

    /** Whether stdout is a terminal: progress and screen refreshes only make sense there. */
    static boolean isTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
