package com.ecsprovisioner.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Set;

/** Lets Jakarta Security check console logins against the users in the database. */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {

    @Inject
    Accounts accounts;

    /**
     * The request attribute in which the login form leaves the client's address (read with the trusted proxies, which
     * the web layer knows); without it the peer's own address counts.
     */
    public static final String CLIENT_ADDRESS = ConsoleIdentityStore.class.getName() + ".clientAddress";

    /** The request being authenticated: its client address counts towards the lock-out. */
    @Inject
    HttpServletRequest request;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        Accounts.LoginOutcome outcome = accounts.login(credential.getCaller(), credential.getPassword().getValue(),
                clientAddress());
        if (!outcome.valid()) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(credential.getCaller(), Set.of(outcome.role().roleName()));
    }

    private String clientAddress() {
        return request.getAttribute(CLIENT_ADDRESS) instanceof String address ? address : request.getRemoteAddr();
    }
}
