package com.ecsprovisioner.console;

import com.ecsprovisioner.platform.SystemStatus;
import com.ecsprovisioner.security.Accounts;
import com.ecsprovisioner.security.ConsoleUser;
import com.ecsprovisioner.security.MasterKey;
import com.ecsprovisioner.security.Role;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.Config;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Settings page: configuration as the application sees it, console users, and one's own password. */
@Named
@ViewScoped
public class SettingsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Accounts accounts;

    @Inject
    transient Config config;

    @Inject
    transient MasterKey masterKey;

    @Inject
    transient SystemStatus status;

    private String newUsername;
    private String newPassword;
    private String newRole = Role.VIEWER_NAME;
    private String currentPassword;
    private String replacementPassword;
    private String resetPassword;
    private String resetUsername;
    private transient List<ConsoleUser> users;

    public Map<String, String> getConfiguration() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("ecs.data.dir", value("ecs.data.dir", "data"));
        shown.put("ecs.http.port", value("ecs.http.port", "8080"));
        shown.put("ecs.db.url", value("ecs.db.url", "(H2 in the data folder)").replaceAll("(?i)password=[^;&]*", "password=***"));
        shown.put("database", status.database().detail());
        shown.put("ecs.broker.url", value("ecs.broker.url", "tcp://127.0.0.1:61616"));
        shown.put("ecs.broker.embedded", value("ecs.broker.embedded", "true"));
        shown.put("ecs.master-key", masterKey.isGenerated() ? "not set: generated into the data folder" : "set");
        Runtime runtime = Runtime.getRuntime();
        shown.put("heap", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024) + " MiB used of "
                + runtime.maxMemory() / (1024 * 1024) + " MiB");
        shown.put("ecs.admin.password", config.getOptionalValue("ecs.admin.password", String.class).isPresent() ? "set" : "not set");
        return shown;
    }

    private String value(String key, String fallback) {
        return config.getOptionalValue(key, String.class).orElse(fallback);
    }

    public List<ConsoleUser> getUsers() {
        if (users == null) {
            users = accounts.list();
        }
        return users;
    }

    public void addUser() {
        Refusals.run(() -> {
            accounts.addUser(newUsername == null ? null : newUsername.trim(), chars(newPassword), Role.fromName(newRole));
            Messages.info("User " + newUsername + " added as " + newRole + ".");
            newUsername = null;
            newPassword = null;
            users = null;
        });
    }

    public void delete(String username) {
        Refusals.run(() -> {
            accounts.delete(username);
            Messages.info("User " + username + " deleted.");
            users = null;
        });
    }

    /** Resets another user's password (who forgot it); their sessions end. */
    public void resetPassword() {
        String username = resetUsername;
        Refusals.run(() -> {
            accounts.resetPassword(username, chars(resetPassword));
            Messages.info("Password of " + username + " reset; their sessions are logged out.");
            users = null;
        });
        resetPassword = null;
    }

    /** Until when some client address may not log in as the user (null when none is locked out). */
    public Instant lockedUntil(String username) {
        return accounts.lockedUntil(username).orElse(null);
    }

    public void unlock(String username) {
        Refusals.run(() -> {
            accounts.unlock(username);
            Messages.info("User " + username + " unlocked.");
            users = null;
        });
    }

    public void changeRole(String username, String role) {
        Refusals.run(() -> {
            accounts.changeRole(username, Role.fromName(role));
            Messages.info("User " + username + " is now " + role + "; their sessions are logged out.");
            users = null;
        });
    }

    public String getResetUsername() {
        return resetUsername;
    }

    public void setResetUsername(String resetUsername) {
        this.resetUsername = resetUsername;
    }

    public String getResetPassword() {
        return resetPassword;
    }

    public void setResetPassword(String resetPassword) {
        this.resetPassword = resetPassword;
    }

    public void changeOwnPassword() {
        Refusals.run(() -> {
            String token = accounts.changeOwnPassword(chars(currentPassword), chars(replacementPassword)).token();
            // Other sessions of this user end; this one carries on with the new generation.
            ((jakarta.servlet.http.HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())
                    .getSession().setAttribute(com.ecsprovisioner.web.SessionGuard.EPOCH, token);
            Messages.info("Your password was changed; your other sessions are logged out.");
        });
        currentPassword = null;
        replacementPassword = null;
    }

    private static char[] chars(String value) {
        return value == null ? new char[0] : value.toCharArray();
    }


    public String getNewUsername() {
        return newUsername;
    }

    public void setNewUsername(String newUsername) {
        this.newUsername = newUsername;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    public String getNewRole() {
        return newRole;
    }

    public void setNewRole(String newRole) {
        this.newRole = newRole;
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getReplacementPassword() {
        return replacementPassword;
    }

    public void setReplacementPassword(String replacementPassword) {
        this.replacementPassword = replacementPassword;
    }
}
