package com.ecsprovisioner.console;

import com.ecsprovisioner.automation.deadletters.DeadLetter;
import com.ecsprovisioner.automation.deadletters.DeadLetters;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/** The broker's dead letters: each with why it is there, and Replay / Discard for admins. */
@Named
@ViewScoped
public class DeadLettersPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient DeadLetters deadLetters;

    private transient List<DeadLetter> letters;

    public boolean isAvailable() {
        return deadLetters.available();
    }

    public List<DeadLetter> getLetters() {
        if (letters == null) {
            letters = List.of();
            if (deadLetters.available()) {
                Refusals.run(() -> letters = deadLetters.list());
            }
        }
        return letters;
    }

    public long getCount() {
        return deadLetters.available() ? deadLetters.count() : 0;
    }

    /** The body as the page shows it: control and bidirectional characters neutralised (Faces escapes the HTML). */
    public String body(DeadLetter letter) {
        return ConsoleText.neutralised(letter.body()) + (letter.bodyCut() ? " … (" + letter.bodyBytes() + " bytes in all)" : "");
    }

    public void replay(long messageId) {
        Refusals.run(() -> {
            boolean done = deadLetters.replay(messageId);
            Messages.info(done ? "Message " + messageId + " sent back to its address." : "Message " + messageId + " is no longer a dead letter.");
            letters = null;
        });
    }

    public void discard(long messageId) {
        Refusals.run(() -> {
            boolean done = deadLetters.discard(messageId);
            Messages.info(done ? "Message " + messageId + " discarded." : "Message " + messageId + " is no longer a dead letter.");
            letters = null;
        });
    }
}
