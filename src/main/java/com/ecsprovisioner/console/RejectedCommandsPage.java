package com.ecsprovisioner.console;

import com.ecsprovisioner.automation.RejectedCommand;
import com.ecsprovisioner.automation.RejectedCommands;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The commands other systems sent on ecs.commands that were refused, newest first (admins). */
@Named
@RequestScoped
public class RejectedCommandsPage {

    static final int SHOWN = 200;

    @Inject
    RejectedCommands rejected;

    private List<RejectedCommand> commands;

    public List<RejectedCommand> getCommands() {
        if (commands == null) {
            commands = rejected.newest(SHOWN);
        }
        return commands;
    }
}
