package com.ecsprovisioner.sandbox.ssh;

import java.nio.file.Path;

/** What one command line shares between its commands: the machine and the current directory ({@code cd}). */
final class Shell {
    final SimulatedMachine machine;
    Path cwd;

    Shell(SimulatedMachine machine, Path cwd) {
        this.machine = machine;
        this.cwd = cwd;
    }

    Path path(String text) {
        if (text.equals("~") || text.startsWith("~/")) {
            return machine.path(text);
        }
        return cwd.resolve(text).normalize();
    }

    String hostname() {
        return machine.hostname();
    }

    OsProfile os() {
        return machine.os();
    }
}
