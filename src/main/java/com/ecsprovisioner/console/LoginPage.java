package com.ecsprovisioner.console;

import com.ecsprovisioner.security.Accounts;
import com.ecsprovisioner.security.AddressThrottle;
import com.ecsprovisioner.security.ConsoleIdentityStore;
import com.ecsprovisioner.web.SessionGuard;
import com.ecsprovisioner.web.WebSettings;
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

/** The login form. */
@Named
@RequestScoped
public class LoginPage {

    /**
     * The one answer to every failed login: an unknown user, a wrong password, a locked account and a blocked
     * address read the same, so that the answer does not tell which names exist.
     */
    public static final String FAILED = "The user name or password is not right. After repeated failures an account or an "
            + "address is locked for a while: wait a few minutes, or ask an admin to unlock it.";

    @Inject
    SecurityContext securityContext;

    @Inject
    Accounts accounts;

    @Inject
    AddressThrottle throttle;

    @Inject
    WebSettings webSettings;

    @Inject
    FacesContext faces;

    private String username;
    private String password;

    public void login() throws IOException {
        ExternalContext external = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        String client = webSettings.clientAddress(request);
        if (throttle.isBlocked(client)) {
            external.invalidateSession();
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, FAILED, null));
            return;
        }
        request.setAttribute(ConsoleIdentityStore.CLIENT_ADDRESS, client);
        String name = username == null ? "" : username.trim();
        AuthenticationStatus status = securityContext.authenticate(request, (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams()
                        .credential(new UsernamePasswordCredential(name, new Password(password == null ? "" : password)))
                        .newAuthentication(true));
        switch (status) {
            case SEND_CONTINUE -> faces.responseComplete();
            case SUCCESS -> {
                throttle.recordSuccess(client);
                request.changeSessionId();
                // The session generation this session lives by (SessionGuard ends it once the user's moves on).
                request.getSession().setAttribute(SessionGuard.EPOCH,
                        accounts.standing(name).map(Accounts.Standing::token).orElse(""));
                external.redirect(external.getRequestContextPath() + "/");
            }
            default -> {
                throttle.recordFailure(client);
                // A failed attempt leaves the authentication mechanism's state in the session, after which
                // protected pages answer with an empty page instead of the login page; start afresh.
                external.invalidateSession();
                faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, FAILED, null));
            }
        }
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
