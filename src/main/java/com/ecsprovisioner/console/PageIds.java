package com.ecsprovisioner.console;

import jakarta.faces.context.FacesContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Ids in page addresses ({@code server.xhtml?id=...}): an id that is not a number, or names nothing, answers 404
 * Not Found, as for a page that does not exist, rather than a failure.
 */
final class PageIds {

    private PageIds() {
    }

    static Long parse(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.valueOf(text.strip());
    }

    static void requireFound(Long id, Supplier<?> lookup) {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (faces.isPostback()) {
            return;
        }
        boolean found;
        try {
            found = id != null && lookup.get() != null;
        } catch (RuntimeException notThere) {
            found = false;
        }
        if (!found) {
            try {
                faces.getExternalContext().responseSendError(404, "Not found");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            faces.responseComplete();
        }
    }
}
