package com.ecsprovisioner.sandbox.ssh;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.session.SessionContext;

/** SFTP and scp see the machine's in-memory files, starting in root's home. */
final class MachineFiles implements FileSystemFactory {

    private final InstanceSessions sessions;

    MachineFiles(InstanceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
        return fileSystem(session).getPath(SimulatedMachine.HOME);
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        return fileSystem(session);
    }

    private FileSystem fileSystem(SessionContext session) throws IOException {
        SimulatedMachine machine = sessions.machineOf(session);
        if (machine == null) {
            throw new IOException("No sandbox instance behind this connection any more");
        }
        return machine.sessionView();
    }
}
