package com.ecsprovisioner.sandbox.ssh;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One exec request: the command line goes to the {@link CommandInterpreter} on a worker thread (writing a large
 * output must be able to wait for the client's window without blocking MINA's I/O threads), then stdout, stderr and
 * the exit status go back over the channel.
 */
final class SimulatedCommand implements Command {

    private static final Logger LOG = Logger.getLogger(SimulatedCommand.class.getName());

    private final String commandLine;
    private final ExecutorService threads;
    private final Supplier<SimulatedMachine> machine;
    private final CommandInterpreter interpreter;
    private final BooleanSupplier answering;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    SimulatedCommand(String commandLine, ExecutorService threads, Supplier<SimulatedMachine> machine,
                     CommandInterpreter interpreter, BooleanSupplier answering) {
        this.commandLine = commandLine;
        this.threads = threads;
        this.machine = machine;
        this.interpreter = interpreter;
        this.answering = answering;
    }

    @Override
    public void setInputStream(InputStream in) {
        // No simulated command reads standard input.
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        try {
            threads.execute(() -> run(channel));
        } catch (RejectedExecutionException e) {
            throw new IOException("The sandbox SSH hosts are shutting down", e);
        }
    }

    private void run(ChannelSession channel) {
        SimulatedMachine target = machine.get();
        if (target == null || !answering.getAsBoolean()) {
            // The instance went down since the login: a real server would not be there to answer.
            channel.getServerSession().close(true);
            return;
        }
        ExecResult result;
        try {
            result = interpreter.run(target, commandLine);
        } catch (RuntimeException e) {
            // Without an exit status the client would wait forever; a clear failure is better than a hang.
            LOG.log(Level.WARNING, "Sandbox SSH: the simulated command failed on " + target.instanceId(), e);
            result = ExecResult.of("", "sandbox: internal error while simulating the command: " + e + "\n", 1);
        }
        try {
            out.write(result.stdout());
            out.flush();
            err.write(result.stderr());
            err.flush();
            exit.onExit(result.exitCode());
        } catch (IOException e) {
            // The client went away mid-output; nothing to answer to.
            LOG.log(Level.FINE, "Sandbox SSH: client left during a command", e);
            exit.onExit(255, "output failed");
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        // Nothing runs for longer than writing its output.
    }
}
