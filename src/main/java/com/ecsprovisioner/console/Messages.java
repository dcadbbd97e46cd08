package com.ecsprovisioner.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Page messages with a summary only: Faces repeats a missing detail as the summary, so the detail is set empty. */
final class Messages {

    private Messages() {
    }

    static void info(String text) {
        add(FacesMessage.SEVERITY_INFO, text, "");
    }

    static void add(FacesMessage.Severity severity, String summary, String detail) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, summary, detail == null ? "" : detail));
    }
}
