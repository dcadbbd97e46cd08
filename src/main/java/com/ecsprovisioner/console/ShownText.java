package com.ecsprovisioner.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * {@link ConsoleText#neutralised} for pages: {@code #{shown.of(server.statusReason)}}. Every text that may carry what
 * a server printed (status reasons, job results and failures, step errors, SSH checks, component versions) goes
 * through it, not only the job log.
 */
@Named("shown")
@ApplicationScoped
public class ShownText {

    public String of(String text) {
        return ConsoleText.neutralised(Words.withoutClassNames(text));
    }
}
