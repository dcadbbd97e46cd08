package com.ecsprovisioner.console;

import jakarta.ejb.AccessLocalException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.validator.ValidatorException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns what a boundary refused into a message on the page: a role that may not act, or input the boundary
 * rejected with a reason. Anything else is a failure of ours, logged with its stack and reported as such, so
 * that a person never sees a stack trace and never gets silence.
 */
final class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class.getName());

    private Refusals() {
    }

    static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            FacesContext.getCurrentInstance().addMessage(null, messageFor(e));
            FacesContext.getCurrentInstance().validationFailed();
        }
    }

    static FacesMessage messageFor(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EJBAccessException || cause instanceof AccessLocalException) {
            return new FacesMessage(FacesMessage.SEVERITY_WARN, "Not allowed",
                    "Your role (viewer) can look but not change anything. Ask an admin to do this, or to make you an admin.");
        }
        if (cause instanceof IllegalArgumentException || cause instanceof ValidatorException) {
            // A reason may quote the input or what a server answered: never all of a long one, and never its
            // control characters or bidirectional overrides.
            return new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    ConsoleText.neutralised(ConsoleText.excerpt(cause.getMessage())), "");
        }
        LOG.log(Level.SEVERE, "A console action failed", failure);
        return new FacesMessage(FacesMessage.SEVERITY_FATAL, "That did not work",
                "The server could not finish it; the log has the details, at " + java.time.LocalTime.now().withNano(0)
                        // The server's clock, said as such: it is the time to look for in its log, not the viewer's.
                        + " server time (" + java.time.ZoneId.systemDefault().getId() + ").");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof EJBException && !(current instanceof EJBAccessException)
                && !(current instanceof AccessLocalException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
