package org.distillnas.cli;

import java.io.PrintWriter;
import org.distillnas.util.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code distillnas} command: subcommands for searching, costing and benchmarking. */
@Command(name = "distillnas", mixinStandardHelpOptions = true, version = "distillnas 0.1.0",
        description = "Neural architecture search with weight-sharing supernets and distillation (DJL + libtorch).",
        subcommands = {SearchCommand.class, TrainCommand.class, EvalCommand.class, TableCommand.class, RankCommand.class, SharpnessCommand.class,
            EvolveCommand.class, ConfidenceCommand.class, BoardCommand.class,
            CostCommand.class, CompareCommand.class, ReportCommand.class, UiCommand.class, KillCampaignCommand.class,
            ExperimentCommand.class, RunTrialCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status of a usage or input error. */
    public static final int USAGE_ERROR = 2;
    /** Exit status of a run that failed for another reason (a write error, a crash). */
    public static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line; returns the exit status (0 ok, 2 bad input, 1 failure). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("distillnas: " + ex.getMessage().lines().findFirst().orElse("bad arguments")
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            while (cause != null && !(cause instanceof BadInputException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                commandLine.getErr().println("distillnas: " + cause.getMessage());
                return USAGE_ERROR;
            }
            // a failed write (full disk, lost folder) is the machine's problem, not a bug: one line
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof java.io.UncheckedIOException || t instanceof java.io.IOException) {
                    commandLine.getErr().println("distillnas: " + t.getMessage());
                    return FAILURE;
                }
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
