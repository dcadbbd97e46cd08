package com.ecsprovisioner.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code java -cp payara-micro.jar:launcher.jar com.ecsprovisioner.launch.Launcher <build folder> [--sandbox]} starts
 * the product (with the sandbox cloud when {@code --sandbox} is given, as the Quick start does).
 * With {@code --write-boot-commands <rar> <folder>} it only writes the pre-boot, post-boot and post-deploy command
 * files (the Arquillian tests use that, so that they boot Payara the same way the product does).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        LaunchSettings settings;
        ListenSettings listen;
        try {
            settings = LaunchSettings.resolve(System.getProperties(), System.getenv());
            listen = ListenSettings.resolve(System.getProperties(), System.getenv(), settings.httpPort());
        } catch (IllegalArgumentException e) {
            System.err.println("ECS Provisioner cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length == 3 && args[0].equals("--write-boot-commands")) {
            writeBootCommands(settings, listen, Path.of(args[1]), Path.of(args[2]));
            return;
        }
        // Checked before anything starts: otherwise Payara boots, deploys for seconds, and then cannot open the
        // port, and the reason is one line among hundreds (a second copy left running is the usual cause).
        if (!portFree(listen.httpAddress(), settings.httpPort())) {
            System.err.println("ECS Provisioner cannot start: port " + settings.httpPort() + " is already in use (is it "
                    + "already running?). Stop what uses it, or choose another port with ECS_HTTP_PORT.");
            System.exit(2);
            return;
        }
        Path build = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
        // The Quick start passes --sandbox: the sandbox cloud runs only when asked for, and an explicit
        // ecs.sandbox.enabled (property or environment) still wins.
        // In production (an external database or broker) --sandbox is ignored: the Quick start's command line run
        // against a real database must not start a second, local cloud by accident.
        if (turnSandboxOn(List.of(args), System.getProperties(), System.getenv())) {
            if (settings.production()) {
                System.out.println("ECS Provisioner: --sandbox ignored with an external database or broker (set "
                        + SANDBOX_ENABLED + "=true to run the sandbox there anyway)");
            } else {
                System.setProperty(SANDBOX_ENABLED, "true");
            }
        }
        Deployment deployment = Deployment.in(build).orElse(null);
        if (deployment == null) {
            requireFile(build.resolve(Deployment.FULL_WAR)); // says it is missing and exits
            return;
        }
        Path rar = requireFile(build.resolve("artemis-ra.rar"));

        OwnerOnly.createFolder(settings.dataDir());
        // An older version, a restore from backup or a copy may have left it readable by others.
        OwnerOnly.secureTree(settings.dataDir());
        // Payara's own runtime folder is rebuilt at every start: our post-boot commands create everything it needs,
        // and a stale domain.xml from an older build must never win over the current configuration.
        Path runtime = settings.dataDir().resolve("payara-runtime");
        deleteRecursively(runtime);
        OwnerOnly.createFolder(runtime);
        writeBootCommands(settings, listen, rar, settings.dataDir());

        settings.asSystemProperties().forEach(System::setProperty);
        // The application's connection pool signs on with these (messaging.JmsResources): set in this JVM, where
        // Payara runs, never on a command line.
        String[] login = PostBootCommands.brokerLogin(settings).orElse(new String[]{"", ""});
        System.setProperty("ecs-runtime.broker.user", login[0]);
        System.setProperty("ecs-runtime.broker.password", login[1]);
        List<String> payaraArgs = new ArrayList<>(listen.dataGridOptions());
        payaraArgs.addAll(List.of("--name", listen.nodeName(),
                "--rootdir", runtime.toString(),
                "--port", String.valueOf(settings.httpPort()),
                "--prebootcommandfile", settings.dataDir().resolve(PRE_BOOT).toString(),
                "--postbootcommandfile", settings.dataDir().resolve(POST_BOOT).toString(),
                // Opens the HTTP port once the WAR is deployed (PostBootCommands.postDeploy says why).
                "--postdeploycommandfile", settings.dataDir().resolve(POST_DEPLOY).toString()));
        payaraArgs.addAll(deployment.payaraArguments());
        Path postgresDriver = build.resolve("lib").resolve("postgresql.jar");
        // The thin WAR's libraries hold the driver already.
        if (!settings.isH2() && !deployment.thin() && Files.isRegularFile(postgresDriver)) {
            payaraArgs.addAll(List.of("--addlibs", postgresDriver.toString()));
        }
        if (listen.publicHost().isEmpty()) {
            System.out.println("ECS Provisioner: WARNING: the console listens on " + listen.httpAddress() + " but "
                    + ListenSettings.PUBLIC_URL + " is not set, so redirects follow each request's Host header; set it "
                    + "to the address users type (https://ecs.example.com).");
        }
        System.out.println("ECS Provisioner: " + deployment.describe());
        System.out.println("ECS Provisioner: data folder " + settings.dataDir() + ", console on http://"
                + listen.httpAddress() + ":" + settings.httpPort() + "/ once ready");
        try {
            Class.forName("fish.payara.micro.PayaraMicro")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) payaraArgs.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        // Payara's main returns once it has booted and deployed, whether or not the deployment worked (it logs
        // failures and runs on); the process keeps running on Payara's threads after this.
        double seconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
        StartReport.Outcome outcome = StartReport.check(settings.httpPort(), seconds);
        // What H2, Artemis and Payara created during the start followed the process's umask; the Quick start sets
        // 077, but a launcher started some other way may not.
        OwnerOnly.secureTree(settings.dataDir());
        if (outcome == StartReport.Outcome.NOT_STARTED) {
            System.exit(1);
        }
    }

    static final String SANDBOX_ENABLED = "ecs.sandbox.enabled";
    static final String PRE_BOOT = "preboot.asadmin";
    static final String POST_BOOT = "postboot.asadmin";
    static final String POST_DEPLOY = "postdeploy.asadmin";

    static void writeBootCommands(LaunchSettings settings, ListenSettings listen, Path rar, Path dir) throws IOException {
        OwnerOnly.createFolder(dir);
        // The post-boot file carries the broker's and the database's passwords: owner-only like the data folder.
        write(dir.resolve(PRE_BOOT), PostBootCommands.preBoot(listen));
        write(dir.resolve(POST_BOOT), PostBootCommands.forSettings(settings, rar));
        write(dir.resolve(POST_DEPLOY), PostBootCommands.postDeploy());
    }

    private static void write(Path file, List<String> lines) throws IOException {
        OwnerOnly.writeNew(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code --sandbox} turns the sandbox on unless {@code ecs.sandbox.enabled} is set (it is off otherwise). */
    static boolean turnSandboxOn(List<String> args, Properties properties, Map<String, String> environment) {
        return args.contains("--sandbox") && new LaunchSettings.Source(properties, environment).get(SANDBOX_ENABLED, null) == null;
    }

    static boolean portFree(int port) {
        return portFree("0.0.0.0", port);
    }

    static boolean portFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As Payara's listener binds: a port left in TIME_WAIT by a copy just stopped is free to it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            System.err.println("ECS Provisioner cannot start: " + file + " is missing; build it with 'mvn package' first.");
            System.exit(2);
        }
        return file;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
