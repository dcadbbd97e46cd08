package com.ecsprovisioner.console;

import com.ecsprovisioner.security.Accounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** The login form. */
@Named
@RequestScoped
public class LoginPage {

    @Inject
    SecurityContext securityContext;

    @Inject
    Accounts accounts;

    @Inject
    FacesContext faces;

    private String username;
    private String password;

    public void login() throws IOException {
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        AuthenticationStatus status = securityContext.authenticate(request, (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(username == null ? "" : username.trim(), new Password(password == null ? "" : password)))
                        .newAuthentication(true));
        switch (status) {
            case SEND_CONTINUE -> faces.responseComplete();
            case SUCCESS -> {
                request.changeSessionId();
                external.redirect(external.getRequestContextPath() + "/");
            }
            default -> {
                // A failed attempt leaves the authentication mechanism's state in the session, after which
                // protected pages answer with an empty page instead of the login page; start afresh.
                external.invalidateSession();
                faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, failureMessage(), null));
            }
        }
    }

    private String failureMessage() {
        String name = username == null ? "" : username.trim();
        return accounts.lockedUntil(name)
                .map(until -> "Too many failed logins: this account is locked for "
                        + minutesFrom(until) + ". Wait, or ask an admin to reset the password.")
                .orElse("The user name or password is not right.");
    }

    private static String minutesFrom(Instant until) {
        long seconds = Math.max(1, Duration.between(Instant.now(), until).toSeconds());
        return seconds < 90 ? seconds + " seconds" : ((seconds + 59) / 60) + " minutes";
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
