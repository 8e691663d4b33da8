package dev.corio.sample;

import dev.corio.sample.cli.BookChapter2Commands;
import dev.corio.sample.cli.BookChapter9Commands;
import dev.corio.sample.cli.BookChapter10Commands;
import dev.corio.sample.cli.BookChapter8Commands;
import dev.corio.sample.cli.BookCommands;
import dev.corio.sample.cli.CommentsCommand;
import dev.corio.sample.cli.ErrorsCommand;
import dev.corio.sample.cli.FireAndForgetCommand;
import dev.corio.sample.cli.PollCommand;
import dev.corio.sample.cli.TaskErrorsCommand;
import dev.corio.sample.cli.WorkingDevCommands;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The sample app: the asyncio articles' programs ported to Corio, one subcommand each, against a Hacker
 * News-compatible API (an embedded server with a bundled fixture unless {@code --base-url} is given).
 *
 * <p>Exit codes: 0 the program ran; 1 it failed (the error is printed); 2 bad command line (usage shown).
 */
@Command(name = "corio-sample", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "The asyncio articles' programs on Corio's event loop.",
        subcommands = {
            CommentsCommand.class,
            FireAndForgetCommand.class,
            PollCommand.class,
            ErrorsCommand.class,
            TaskErrorsCommand.ReturnExceptions.class,
            TaskErrorsCommand.FirstException.class,
            TaskErrorsCommand.CancelCascade.class,
            WorkingDevCommands.ContextSwitch.class,
            WorkingDevCommands.Cooperative.class,
            WorkingDevCommands.Ordering.class,
            WorkingDevCommands.Fetch.class,
            WorkingDevCommands.AsCompleted.class,
            WorkingDevCommands.FirstCompleted.class,
            WorkingDevCommands.States.class,
            WorkingDevCommands.Exceptions.class,
            WorkingDevCommands.Timeouts.class,
            BookChapter2Commands.Loops.class,
            BookChapter2Commands.LoopThreads.class,
            BookChapter2Commands.Callbacks.class,
            BookChapter2Commands.Schedule.class,
            BookChapter2Commands.Executor.class,
            BookChapter2Commands.Stop.class,
            BookChapter2Commands.Signals.class,
            BookChapter2Commands.SubprocessCmd.class,
            BookChapter2Commands.SubprocessWait.class,
            BookCommands.WaitFor.class,
            BookCommands.Cancel.class,
            BookCommands.CancelGather.class,
            BookCommands.Shield.class,
            BookCommands.Chain.class,
            BookCommands.Gather.class,
            BookCommands.Wait.class,
            BookCommands.GatherExceptions.class,
            BookCommands.ConditionCmd.class,
            BookCommands.RandomNumbers.class,
            BookCommands.Comprehension.class,
            BookCommands.StateMachine.class,
            BookCommands.Cleanup.class,
            BookCommands.AsyncFile.class,
            BookCommands.SyncWall.class,
            BookCommands.TcpClient.class,
            BookCommands.LoopPool.class,
            BookCommands.InteractorCmd.class,
            BookCommands.QueueCmd.class,
            BookCommands.ContextVars.class,
            BookCommands.SubprocessStreams.class,
            BookCommands.LockCmd.class,
            BookCommands.EventCmd.class,
            BookCommands.ConditionVariables.class,
            BookCommands.SemaphoreCmd.class,
            BookCommands.BoundedSemaphoreCmd.class,
            BookCommands.Race.class,
            BookChapter8Commands.Profile.class,
            BookChapter8Commands.LongCoroutine.class,
            BookChapter8Commands.BusyLoop.class,
            BookChapter9Commands.RemoteCommand.class,
            BookChapter9Commands.HttpServer.class,
            BookChapter10Commands.Exceptions.class,
            BookChapter10Commands.LongTask.class,
            BookChapter10Commands.SlowCallback.class,
            BookChapter10Commands.DebugMacros.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the program ran", "1:the program failed (the error is printed: a network or API"
            + " error, a post that does not exist, ...)", "2:bad command line (usage shown)"})
public final class Main implements Runnable {
    /** What {@code -V} prints, for the app and for each program. */
    public static final String VERSION = "corio-sample 0.1.0";

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: choose a program");
    }

    /** The command line, with our error reporting; {@code out} and {@code err} are where it prints. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // every program's help lists -V: each prints the app's version (picocli gives subcommands none)
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().version(VERSION);
        }
        cl.setExecutionExceptionHandler((e, line, parseResult) -> {
            PrintWriter to = line.getErr();
            to.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (line.getParseResult() != null && line.getParseResult().hasMatchedOption("--verbose")) {
                e.printStackTrace(to); // -v: the whole story, causes included
            }
            to.flush();
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        System.exit(code);
    }
}
