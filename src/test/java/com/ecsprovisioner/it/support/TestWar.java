package com.ecsprovisioner.it.support;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The product's WAR as built, plus test classes, for Arquillian. */
public final class TestWar {

    /** The admin password the integration tests' Payara starts with (pom property it.admin.password). */
    public static final String ADMIN_PASSWORD = System.getProperty("it.admin.password", "integration-test-admin");

    private TestWar() {
    }

    /**
     * The WAR the launcher deploys: the thin one, whose library jars Payara Micro gets with {@code --addlibs}
     * (arquillian.xml), so that the tests run on the class loaders the product runs on. No fall-back to the full WAR:
     * a build without the thin WAR fails here rather than testing another layout.
     */
    public static WebArchive importThin() {
        File war = new File(System.getProperty("build.directory", "target"), "ecs-provisioner-thin.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: 'mvn package' builds it beside the full WAR");
        }
        WebArchive archive = ShrinkWrap.create(ZipImporter.class, "ecs-provisioner.war").importFrom(war).as(WebArchive.class);
        if (archive.getContent(path -> path.get().startsWith("/WEB-INF/lib/") && !path.get().contains("primefaces")).size() > 0) {
            throw new IllegalStateException(war + " holds library jars besides PrimeFaces: it is not the thin WAR");
        }
        return archive;
    }

    public static WebArchive product(Class<?>... testClasses) {
        WebArchive archive = importThin();
        // Arquillian's in-container runner is a servlet of the test archive; it must be reachable without login.
        String webXml = read(archive.get("WEB-INF/web.xml").getAsset().openStream())
                .replace("<url-pattern>/login.xhtml</url-pattern>",
                        "<url-pattern>/login.xhtml</url-pattern><url-pattern>/ArquillianServletRunnerEE9</url-pattern>");
        if (Arrays.asList(testClasses).contains(AsAdmin.class)) {
            // AsAdmin runs as the admin role, with the run-as principal the product maps to admin for system work.
            archive.addAsWebInfResource(new StringAsset("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <!DOCTYPE glassfish-ejb-jar PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 EJB 3.1//EN" "http://glassfish.org/dtds/glassfish-ejb-jar_3_1-1.dtd">
                    <glassfish-ejb-jar><enterprise-beans><ejb><ejb-name>AsAdmin</ejb-name>
                    <principal><name>ECS_SYSTEM</name></principal></ejb></enterprise-beans></glassfish-ejb-jar>
                    """), "glassfish-ejb-jar.xml");
        }
        return archive.setWebXML(new StringAsset(webXml)).addClasses(testClasses);
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sandbox keys of the installation under test (generated per installation, SandboxKeys), read from the data
     * folder the application runs with: {@code ecs.data.dir} inside the container, {@code it.data.dir} in the client.
     */
    public static java.util.List<com.ecsprovisioner.sandbox.cloud.AccessKey> installationKeys() {
        return com.ecsprovisioner.sandbox.SandboxKeys.forInstallation(java.nio.file.Path.of(
                System.getProperty("ecs.data.dir", System.getProperty("it.data.dir"))));
    }
}
