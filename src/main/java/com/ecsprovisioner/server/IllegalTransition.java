package com.ecsprovisioner.server;

import java.util.Locale;

/**
 * A verb asked of an entity in a state where it makes no sense ("start" on a server that is being deleted). A bug
 * or a race with another actor, never a cloud failure: the caller's transaction rolls back.
 */
public class IllegalTransition extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public IllegalTransition(String what, Object from, String verb) {
        super("Cannot " + verb + " " + what + " that is " + from.toString().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
}
