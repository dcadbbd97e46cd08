package com.ecsprovisioner.console;

import com.ecsprovisioner.bootstrap.BootstrapOverrides;

import java.io.Serializable;

/**
 * The bootstrap settings as a form holds them, shared by the provider profile form and the custom server form
 * (both render WEB-INF/templates/bootstrap-settings.xhtml). Only carries text: the rules are
 * {@link BootstrapOverrides#of}'s.
 */
public class BootstrapSettingsForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private String phpVersion;
    private String aptMirror;
    private String phpRepositoryUrl;
    private String phpRepositoryKeyUrl;
    private String phpRepositoryKeyFingerprint;
    private String wpCliVersion;
    private String wpCliUrls;
    private String wpCliSha512;

    static BootstrapSettingsForm of(BootstrapOverrides o) {
        BootstrapSettingsForm form = new BootstrapSettingsForm();
        form.phpVersion = o.getPhpVersion();
        form.aptMirror = o.getAptMirror();
        form.phpRepositoryUrl = o.getPhpRepositoryUrl();
        form.phpRepositoryKeyUrl = o.getPhpRepositoryKeyUrl();
        form.phpRepositoryKeyFingerprint = o.getPhpRepositoryKeyFingerprint();
        form.wpCliVersion = o.getWpCliVersion();
        form.wpCliUrls = o.getWpCliUrls() == null ? null : o.getWpCliUrls().replace(' ', '\n');
        form.wpCliSha512 = o.getWpCliSha512();
        return form;
    }

    /** @throws IllegalArgumentException naming the setting by its label, shown on the form as is */
    BootstrapOverrides toOverrides() {
        return BootstrapOverrides.of(phpVersion, aptMirror, phpRepositoryUrl, phpRepositoryKeyUrl,
                phpRepositoryKeyFingerprint, wpCliVersion, wpCliUrls, wpCliSha512);
    }

    public String getPhpVersion() { return phpVersion; }
    public void setPhpVersion(String phpVersion) { this.phpVersion = phpVersion; }
    public String getAptMirror() { return aptMirror; }
    public void setAptMirror(String aptMirror) { this.aptMirror = aptMirror; }
    public String getPhpRepositoryUrl() { return phpRepositoryUrl; }
    public void setPhpRepositoryUrl(String phpRepositoryUrl) { this.phpRepositoryUrl = phpRepositoryUrl; }
    public String getPhpRepositoryKeyUrl() { return phpRepositoryKeyUrl; }
    public void setPhpRepositoryKeyUrl(String phpRepositoryKeyUrl) { this.phpRepositoryKeyUrl = phpRepositoryKeyUrl; }
    public String getPhpRepositoryKeyFingerprint() { return phpRepositoryKeyFingerprint; }
    public void setPhpRepositoryKeyFingerprint(String value) { this.phpRepositoryKeyFingerprint = value; }
    public String getWpCliVersion() { return wpCliVersion; }
    public void setWpCliVersion(String wpCliVersion) { this.wpCliVersion = wpCliVersion; }
    public String getWpCliUrls() { return wpCliUrls; }
    public void setWpCliUrls(String wpCliUrls) { this.wpCliUrls = wpCliUrls; }
    public String getWpCliSha512() { return wpCliSha512; }
    public void setWpCliSha512(String wpCliSha512) { this.wpCliSha512 = wpCliSha512; }
}
