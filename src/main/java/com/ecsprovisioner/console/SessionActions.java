package com.ecsprovisioner.console;

import com.ecsprovisioner.security.Accounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/** Logging out: a POST from the page header, so that a link on another site cannot log a user out. */
@Named
@RequestScoped
public class SessionActions {

    @Inject
    FacesContext faces;

    @Inject
    Accounts accounts;

    /** Ends every session of the user, on every node (a copied cookie dies with the one logged out). */
    public void logout() throws ServletException, IOException {
        ExternalContext external = faces.getExternalContext();
        accounts.endOwnSessions();
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml");
    }
}
