package com.ecsprovisioner.it;

import com.ecsprovisioner.it.support.AsAdmin;
import com.ecsprovisioner.it.support.BrowserSession;
import com.ecsprovisioner.it.support.ConsoleBrowserChecks;
import com.ecsprovisioner.it.support.JobPageChecks;
import com.ecsprovisioner.it.support.ConsoleClient;
import com.ecsprovisioner.it.support.PickerBrowserFlow;
import com.ecsprovisioner.it.support.ProviderBrowserFlow;
import com.ecsprovisioner.it.support.TestWar;
import com.ecsprovisioner.it.support.ViewerBrowserChecks;
import com.ecsprovisioner.cleanup.Cleanup;
import com.ecsprovisioner.cleanup.GracePeriods;
import com.ecsprovisioner.cleanup.OrphanSweep;
import com.ecsprovisioner.cloud.CloudRegion;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.Tags;
import com.ecsprovisioner.engine.TargetsLookup;
import com.ecsprovisioner.cost.Costs;
import com.ecsprovisioner.cost.FleetCost;
import com.ecsprovisioner.cost.PriceQuote;
import com.ecsprovisioner.cost.PriceUnavailable;
import com.ecsprovisioner.it.support.CostBrowserFlow;
import com.ecsprovisioner.it.support.DeployBrowserFlow;
import com.ecsprovisioner.deployment.NamePattern;
import com.ecsprovisioner.engine.NetworkPolicy;
import com.ecsprovisioner.engine.ZonePolicy;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.provider.AccountQuotas;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.QuotaReading;
import com.ecsprovisioner.provider.ConnectionReport;
import com.ecsprovisioner.provider.ProfileAccess;
import com.ecsprovisioner.provider.ProfileDraft;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.sandbox.cloud.AccessKey;
import com.ecsprovisioner.sandbox.embedded.EmbeddedSandbox;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider profiles against the sandbox cloud the application runs, through the real Alibaba SDK: discovery, key
 * pairs, private-key checks, saving with sealed secrets, connection tests, cache, copy to another region, and the
 * page as an operator uses it.
 */
@ExtendWith(ArquillianExtension.class)
class ProvidersIT {

    static final AccessKey FULL = TestWar.installationKeys().get(0);
    static final AccessKey ECS_ONLY = TestWar.installationKeys().get(1);

    @Deployment
    static WebArchive deployment() {
        return TestWar.product(ProvidersIT.class, AsAdmin.class, ConsoleClient.class, TestWar.class);
    }

    @Inject
    ProviderProfiles profiles;

    @Inject
    ProfileAccess access;

    @Inject
    AccountQuotas quotas;

    @Inject
    Costs costs;

    @Inject
    EmbeddedSandbox sandbox;

    @Inject
    AsAdmin asAdmin;

    @Inject
    Cleanup cleanup;

    @Inject
    OrphanSweep orphanSweep;

    @Inject
    TargetsLookup targets;

    @Resource(lookup = "jdbc/ecs")
    DataSource dataSource;

    @ArquillianResource
    URL base;

    private ProviderProfiles.Credentials credentials(AccessKey key) {
        return new ProviderProfiles.Credentials(null, key.id(), key.secret(), sandbox.endpoint().orElseThrow());
    }

    private <T> T admin(Callable<T> work) throws Exception {
        return asAdmin.call(work);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void regionsAndAllPagesOfKeyPairsComeLiveFromTheAccount() throws Exception {
        List<CloudTypes.Region> regions = admin(() -> profiles.discoverRegions(credentials(FULL)));
        assertTrue(regions.stream().anyMatch(r -> r.id().equals("cn-hangzhou") && r.mainlandChina()));
        assertTrue(regions.stream().anyMatch(r -> r.id().equals("cn-hongkong") && !r.mainlandChina()));

        String prefix = unique("page");
        for (int i = 0; i < 23; i++) {
            String name = prefix + "-" + i;
            admin(() -> profiles.createKeyPair(credentials(FULL), "eu-central-1", name));
        }
        List<CloudTypes.KeyPair> pairs = admin(() -> profiles.discoverKeyPairs(credentials(FULL), "eu-central-1"));
        assertEquals(23, pairs.stream().filter(k -> k.name().startsWith(prefix)).count(), "key pairs beyond the first page were lost");
    }

    @Test
    void badCredentialsAndUnknownRegionsAreExplained() {
        Rejected wrongSecret = assertThrows(Rejected.class, () -> admin(() -> profiles.discoverRegions(
                new ProviderProfiles.Credentials(null, FULL.id(), "not-the-secret", sandbox.endpoint().orElseThrow()))));
        assertTrue(wrongSecret.getMessage().toLowerCase().contains("secret"), wrongSecret.getMessage());
        Rejected unknownKey = assertThrows(Rejected.class, () -> admin(() -> profiles.discoverRegions(
                new ProviderProfiles.Credentials(null, "LTAI5tNobodyKnowsThis", "x", sandbox.endpoint().orElseThrow()))));
        assertTrue(unknownKey.getMessage().contains("AccessKey"), unknownKey.getMessage());
        Rejected unknownRegion = assertThrows(Rejected.class, () -> admin(() -> profiles.discoverKeyPairs(credentials(FULL), "xx-nowhere-9")));
        assertTrue(unknownRegion.getMessage().toLowerCase().contains("region"), unknownRegion.getMessage());
        Rejected missingSecret = assertThrows(Rejected.class, () -> admin(() -> profiles.discoverRegions(
                new ProviderProfiles.Credentials(null, FULL.id(), " ", null))));
        assertTrue(missingSecret.getMessage().contains("secret"));
    }

    @Test
    void privateKeysAreCheckedAgainstTheirKeyPairForEveryKeyType() throws Exception {
        List<Path> keys = new ArrayList<>();
        for (String type : List.of("rsa", "ecdsa", "ed25519")) {
            Path key = sshKeygen(type, type.equals("ecdsa") ? "pass phrase" : null);
            keys.add(key);
            String pair = unique("imp-" + type);
            admin(() -> profiles.importKeyPair(credentials(FULL), "cn-beijing", pair, Files.readString(key.resolveSibling("id.pub"))));
            String passphrase = type.equals("ecdsa") ? "pass phrase" : null;
            assertEquals(type.equals("rsa") ? "ssh-rsa" : type.equals("ed25519") ? "ssh-ed25519" : "ecdsa-sha2-nistp256",
                    admin(() -> profiles.matchKey(credentials(FULL), "cn-beijing", pair, Files.readString(key), passphrase)).type());
            Path other = keys.size() > 1 ? keys.get(0) : sshKeygen("ed25519", null);
            if (!other.equals(key)) {
                Rejected mismatch = assertThrows(Rejected.class, () -> admin(() -> profiles.matchKey(credentials(FULL), "cn-beijing",
                        pair, Files.readString(other), null)));
                assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());
                assertTrue(mismatch.getMessage().matches("(?s).*[0-9a-f]{32}.*[0-9a-f]{32}.*"), "both fingerprints are named: " + mismatch.getMessage());
            }
        }
    }

    @Test
    void aSavedProfileKeepsItsSecretsSealedAndOutOfTheLog() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + (record.getThrown() == null ? "" : record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        ProviderProfile saved;
        String privateKey;
        try {
            saved = saveSandboxProfile(unique("sealed"), "cn-hangzhou", FULL);
            privateKey = access.loginKeyFor(saved.getId()).privateKeyPem();
            admin(() -> profiles.testConnection(saved.getId()));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        String keyBody = privateKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        String everything = dumpDatabase();
        assertTrue(everything.contains(saved.getName()), "the dump does not hold the profile at all");
        assertFalse(everything.contains(FULL.secret()), "the AccessKey secret is stored in plain text");
        assertFalse(everything.contains(keyBody), "the private key is stored in plain text");
        for (String line : logged) {
            assertFalse(line.contains(FULL.secret()), "the secret was logged: " + line);
            assertFalse(line.contains(keyBody), "the private key was logged: " + line);
        }
        assertEquals(FULL.secret(), access.connectionFor(saved.getId()).accessKeySecret());
    }

    @Test
    void anAccountWithoutVpcRightsIsToldWhichPolicyToGrant() throws Exception {
        ProviderProfile profile = saveSandboxProfile(unique("ecs-only"), "cn-shanghai", ECS_ONLY);
        ConnectionReport report = admin(() -> profiles.testConnection(profile.getId()));
        assertTrue(report.credentialsOk());
        assertFalse(report.ok());
        // An ECS-only key may neither call the VPC API nor read Quota Center; every other action is granted.
        assertEquals(List.of("AliyunQuotasReadOnlyAccess", "AliyunVPCFullAccess"), report.missingPolicies());
        assertTrue(report.summary().contains("grant AliyunQuotasReadOnlyAccess and AliyunVPCFullAccess"), report.summary());
        assertTrue(report.unknownActions().isEmpty(), report.unknownActions().toString());
        ProviderProfile fullProfile = saveSandboxProfile(unique("full"), "cn-shanghai", FULL);
        ConnectionReport full = admin(() -> profiles.testConnection(fullProfile.getId()));
        assertTrue(full.ok(), full.summary());
        assertEquals(10, full.vpcQuota().limit());
        assertFalse(full.vpcQuota().assumed(), "read from Quota Center: " + full.summary());
        // The dashboard reads them back from the catalogue cache, with the time they were read.
        CatalogCache.Cached<QuotaReading> cached = admin(() -> quotas.of(fullProfile.getId()));
        assertEquals(full.quotas(), cached.items());
        assertEquals(cached.fetchedAt(), admin(() -> quotas.of(fullProfile.getId())).fetchedAt(), "served from the cache");
        // The ECS-only key may neither read Quota Center nor count VPCs: its VPC limit is shown as not readable.
        assertTrue(report.summary().contains("VPCs per region: not readable — "), report.summary());
        assertFalse(report.vpcQuota().hasNumbers(), report.summary());
    }

    @Test
    void theCatalogueIsCachedUntilClearedAndKnowsItsAge() throws Exception {
        ProviderProfile profile = saveSandboxProfile(unique("cache"), "cn-hangzhou", FULL);
        CatalogCache.Cached<CloudTypes.Zone> first = admin(() -> profiles.zones(profile.getId()));
        Thread.sleep(20);
        CatalogCache.Cached<CloudTypes.Zone> second = admin(() -> profiles.zones(profile.getId()));
        assertEquals(first.fetchedAt(), second.fetchedAt(), "the second read went to the cloud");
        assertEquals(first.items(), second.items());
        assertFalse(admin(() -> profiles.cacheEntries(profile.getId())).isEmpty());
        admin(() -> {
            profiles.clearCache(profile.getId());
            return null;
        });
        assertTrue(admin(() -> profiles.cacheEntries(profile.getId())).isEmpty());
        CatalogCache.Cached<CloudTypes.Zone> third = admin(() -> profiles.zones(profile.getId()));
        assertNotEquals(first.fetchedAt(), third.fetchedAt());
    }

    @Test
    void aDeploymentsPriceIsTheCloudsQuoteCachedWithItsAge() throws Exception {
        ProviderProfile profile = saveSandboxProfile(unique("price"), "cn-hangzhou", FULL);
        PriceQuote first = admin(() -> costs.deployPrice(profile.getId(), "ecs.c7.large", null, 40));
        // The sandbox's illustrative table through the real SDK: 0.084 an hour for the type, 40 GiB of cloud_essd 0.008.
        assertEquals("USD", first.currency());
        assertEquals(0, new java.math.BigDecimal("0.092").compareTo(first.perHour()), first.toString());
        assertEquals(new java.math.BigDecimal("67.16"), first.perMonth());
        Thread.sleep(20);
        PriceQuote again = admin(() -> costs.deployPrice(profile.getId(), "ecs.c7.large", "cloud_essd", null));
        assertEquals(first.readAt(), again.readAt(), "the second read went to the cloud instead of the cache");
        assertTrue(admin(() -> profiles.cacheEntries(profile.getId())).stream()
                .anyMatch(e -> e.getKind() == com.ecsprovisioner.provider.CatalogEntry.Kind.PRICES && e.getScope().startsWith("ecs.c7.large|")));
        PriceQuote bigger = admin(() -> costs.deployPrice(profile.getId(), "ecs.c7.xlarge", null, 100));
        assertTrue(bigger.perMonth().compareTo(first.perMonth()) > 0, bigger.toString());

        PriceUnavailable refused = assertThrows(PriceUnavailable.class,
                () -> admin(() -> costs.deployPrice(profile.getId(), "ecs.nope.large", null, null)));
        assertTrue(refused.getMessage().startsWith("price unavailable: Alibaba Cloud rejected DescribePrice: The specified "
                + "InstanceType does not exist. (cloud error code: InvalidInstanceType.ValueNotSupported, request id: "), refused.getMessage());
        // A profile without servers has no total, and asks the cloud nothing for it.
        FleetCost none = admin(() -> costs.fleet(profile.getId()));
        assertEquals(0, none.servers());
        assertEquals("no servers billing", none.text());
    }

    @Test
    void aProfileIsCopiedToAnotherRegionWithThatRegionsKeyPair() throws Exception {
        ProviderProfile source = saveSandboxProfile(unique("src"), "cn-hangzhou", FULL);
        String pair = unique("copy-key");
        CloudTypes.CreatedKeyPair created = admin(() -> profiles.createKeyPair(credentials(FULL), "ap-southeast-1", pair));
        Rejected withoutKey = assertThrows(Rejected.class, () -> admin(() -> profiles.copyToRegion(source.getId(),
                unique("copy"), "ap-southeast-1", pair, null, null)));
        assertTrue(withoutKey.getMessage().contains("per region"));
        ProviderProfile copy = admin(() -> profiles.copyToRegion(source.getId(), unique("copy"), "ap-southeast-1", pair,
                created.privateKeyPem(), null));
        assertEquals("ap-southeast-1", copy.getRegionId());
        assertEquals(source.getAccessKeyId(), copy.getAccessKeyId());
        assertEquals(FULL.secret(), access.connectionFor(copy.getId()).accessKeySecret());
        // Instance types and images are per region: the copy has ones its region offers, so a deploy needs none typed.
        assertTrue(copy.getInstanceType() != null && copy.getInstanceType().startsWith("ecs."), copy.getInstanceType());
        assertTrue(copy.getImageId() != null && !copy.getImageId().isBlank(), copy.getImageId());
    }

    @Test
    @RunAsClient
    void anOperatorAddsAProfileDeploysRebootsAndDeletesAServerInTheBrowser() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", TestWar.ADMIN_PASSWORD);
            ProviderBrowserFlow flow = new ProviderBrowserFlow(browser);
            String profileName = unique("Browser");
            String report = flow.addSandboxProfileAndTestIt(profileName, unique("browser-key"));
            assertTrue(report.contains("The connection works and the AccessKey has every permission the product needs."), report);
            assertFalse(report.contains("missing"), report);
            assertFalse(report.contains("unknown:"), report);
            // One row per action the product calls, not only the four creates.
            for (String action : List.of("RunInstances", "DeleteVpc", "DeleteKeyPairs", "CreateSnapshot", "TagResources",
                    "CreateImage", "DeleteImage", "ListProductQuotas")) {
                assertTrue(report.contains(action), action + " is not in the table: " + report);
            }
            assertTrue(report.matches("(?s).*VPCs per region: \\d+ of 10 used\\..*"), report);
            assertFalse(report.contains("ASSUMED"), report);
            String server = unique("blog");
            String dialog = new CostBrowserFlow(browser).deployDialogPrices("ecs.c7.large", "(instance type 0.084,",
                    "ecs.g7.xlarge", "(instance type 0.212,");
            assertTrue(dialog.matches("USD \\d+\\.\\d\\d / month · USD [0-9.]+ / hour .* \\| USD \\d+\\.\\d\\d / month · "
                    + "USD [0-9.]+ / hour \\(instance type 0\\.084, .* \\| USD \\d+\\.\\d\\d / month · USD [0-9.]+ / hour \\(instance type 0\\.212, .*"), dialog);
            ConsoleBrowserChecks checks = new ConsoleBrowserChecks(browser);
            // The live refresh of the running job's page leaves the Cancel confirmation open until answered.
            String outcome = flow.deployAndWatch(server, checks::cancelConfirmationSurvivesTheLiveRefresh);
            assertTrue(outcome.startsWith("succeeded"), outcome);
            assertTrue(outcome.contains(server), outcome);
            assertTrue(outcome.endsWith("active"), outcome);
            // The succeeded job's page, the jobs list and the server's page as issue 18 asks for them.
            JobPageChecks jobChecks = new JobPageChecks(browser);
            List<String> jobPage = jobChecks.succeededDeployment(flow.jobPage(), server);
            assertTrue(jobPage.isEmpty(), String.join("\n", jobPage));
            List<String> jobsList = jobChecks.jobsList(server);
            assertTrue(jobsList.isEmpty(), String.join("\n", jobsList));
            List<String> serverPage = jobChecks.serverPage(flow.serverPage());
            assertTrue(serverPage.isEmpty(), String.join("\n", serverPage));
            CostBrowserFlow costFlow = new CostBrowserFlow(browser);
            String serverCost = costFlow.serverCost(server);
            assertTrue(serverCost.matches("Running: USD \\d+\\.\\d\\d / month \\(USD [0-9.]+ / hour\\)\\. Stopped: USD \\d+\\.\\d\\d / month "
                    + "stopped without charge \\(StopCharging: only its disks bill\\), USD \\d+\\.\\d\\d stopped keeping charges \\(KeepCharging\\)\\."),
                    serverCost);
            String running = serverCost.replaceAll("^Running: (USD [0-9.]+ / month).*", "$1");
            String resize = costFlow.resizePrice("ecs.g7.xlarge");
            assertTrue(resize.startsWith("Resize to ecs.g7.xlarge: Before: " + running) && resize.contains("After: USD")
                    && resize.matches(".*, \\+[0-9.]+ USD a month\\."), resize);
            String totals = costFlow.fleetTotals(profileName);
            assertTrue(totals.contains(running + " for 1 server, prices read "), totals);
            // Another like this one, from its page: the dialog opens filled in from the server, with pickers the
            // cloud fills (sizes shown); the pre-flight check's reasons appear under the fields; two at once by a pattern.
            DeployBrowserFlow deploys = new DeployBrowserFlow(browser);
            String like = deploys.openLike(flow.serverPage());
            assertTrue(like.startsWith(NamePattern.like(server) + " | cn-hangzhou-"), like);
            assertTrue(like.matches(".* \\| ecs\\.[a-z0-9.-]+ · \\d+ vCPU · [0-9.]+ GiB \\| .*Ubuntu.* \\| \\d+"), like);
            String refused = deploys.check("shop", 2);
            assertTrue(refused.contains("To deploy 2 servers, put {n} in the name"), refused);
            String pattern = unique("shop") + "-{n}";
            String passed = deploys.check(pattern, 2);
            assertTrue(passed.contains("Pre-flight check passed") && !passed.contains("put {n}"), passed);
            String queued = deploys.deploy(pattern, 2);
            String first = pattern.replace("{n}", "1");
            String second = pattern.replace("{n}", "2");
            assertTrue(queued.startsWith("2 deployments queued: " + first + ", " + second + "."), queued);
            assertTrue(queued.contains(first) && queued.substring(queued.indexOf(" | ")).contains(second), queued);
            // The dashboard draws the fleet over time and by region, a VPC gauge per region, and lists the new jobs.
            String dashboard = deploys.dashboard();
            assertTrue(dashboard.matches("(?s)2 \\| [1-9]\\d* \\| Recent activity.*Deployment #\\d+.*"), dashboard);
            // A custom server cannot be registered at the address of the server the console deployed.
            String address = deploys.publicIp(flow.serverPage());
            String clash = deploys.registerCustomAt(unique("byo"), address, profileName);
            assertTrue(clash.contains("Address " + address + " is server " + server + "'s, which this console deployed"), clash);
            // Every page on a phone and a laptop, with a server and a job to show (screenshots in target/screenshots).
            Map<String, String> pages = new LinkedHashMap<>();
            for (String page : List.of("index", "servers", "custom-servers", "jobs", "rejected-commands", "cleanup",
                    "dead-letters", "providers", "provider", "sandbox", "settings", "audit")) {
                pages.put(page, page + ".xhtml");
            }
            pages.put("server", flow.serverPage());
            pages.put("job", flow.jobPage());
            pages.put("deploy-dialog", "servers.xhtml?like=" + flow.serverPage().replaceAll(".*[?&]id=", ""));
            List<String> layout = checks.pagesFitPhoneAndDesktop(pages);
            assertTrue(layout.isEmpty(), String.join("\n", layout));
            browser.go(flow.serverPage());
            String lifecycle = flow.rebootThenDelete(server);
            assertEquals("succeeded (soft) | succeeded | succeeded | deleted", lifecycle);
        }
    }

    /**
     * Issue 18's pickers: another region than the profile's changes the zones and says the key pair is not there
     * (the pre-flight refuses it too) until it is imported; a PHP version chosen from those the image's OS offers
     * reaches the bootstrap (the sandbox installs what bootstrap.env asks and reports it); the server in the other
     * region is then deleted there, the delete dialog's diagram following its boxes.
     */
    @Test
    @RunAsClient
    void aServerDeployedToAnotherRegionWithAChosenPhpRunsThereAndItsDeleteDiagramFollowsTheBoxes() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", TestWar.ADMIN_PASSWORD);
            String profileName = unique("Regions");
            new ProviderBrowserFlow(browser).addSandboxProfileAndTestIt(profileName, unique("region-key"));
            PickerBrowserFlow pickers = new PickerBrowserFlow(browser);
            String server = unique("sh");
            pickers.openWithProfile(profileName);
            pickers.chooseRegion("cn-shanghai");
            pickers.check(server);
            pickers.importKeyPair();
            pickers.choosePhp("8.4");
            String page = pickers.deployAndOpenServer(server);
            String delete = pickers.deleteFollowingTheBoxes(server);
            List<String> seen = pickers.seen();
            String all = String.join("\n", seen) + "\n" + page + "\n" + delete;
            assertTrue(seen.get(0).matches("(?s)profile region cn-hangzhou zones Chosen by the zone policy, cn-hangzhou-h.*"), all);
            assertTrue(seen.get(1).matches("(?s)region cn-shanghai zones Chosen by the zone policy, cn-shanghai-e.*")
                    && !seen.get(1).contains("cn-hangzhou-"), all);
            assertTrue(seen.get(1).contains("is not in cn-shanghai: import it there"), all);
            assertTrue(seen.get(2).contains("does not exist in region cn-shanghai"), all);
            assertTrue(seen.get(3).contains("is in cn-shanghai with the profile's key"), all);
            assertTrue(seen.get(4).contains("PHP 8.1, PHP 8.2, PHP 8.3, PHP 8.4"), all);
            assertTrue(page.startsWith("succeeded | cn-shanghai cn-shanghai-"), all);
            assertTrue(page.contains("8.4, chosen when it was deployed") && page.contains("php 8.4.2"), all);
            // Each box unticked takes its resource out of the picture; all ticked again, all of them are back.
            String whole = "VPC deleted, vSwitch deleted, Security group deleted, Instance deleted";
            List<String> diagrams = List.of(delete.replaceAll(" \\| [a-z ]+$", "").split(" \\|\\| "));
            assertEquals(List.of(4, 3, 2, 1, 4), diagrams.stream().map(d -> d.split(", ").length).toList(), all);
            assertEquals(whole, diagrams.get(0), all);
            assertEquals("Instance deleted", diagrams.get(3), all);
            assertEquals(whole, diagrams.get(4), all);
            assertTrue(delete.endsWith(" | succeeded"), all);
        }
    }

    @Test
    void anOrphanIsFoundByTheLookAndDeletedByAJobOnceItsGracePassedAudited() throws Exception {
        ProviderProfile profile = saveSandboxProfile(unique("Orphans"), "cn-hangzhou", FULL);
        long id = profile.getId();
        CloudRegion cloud = admin(() -> targets.get().cloudFor(id));
        String vpc = cloud.createVpc(new CloudTypes.VpcSpec("left-behind", "172.16.0.0/12", "", Tags.forServer(id, 424242)),
                UUID.randomUUID().toString());
        admin(() -> {
            cleanup.setGrace(id, GracePeriods.OFF, null);
            cleanup.lookNow(id);
            return null;
        });
        // The timer may look first; either way the look is the deployed sweep's, claimed through the database.
        orphanSweep.lookAtDue();
        Cleanup.Orphan listed = admin(() -> cleanup.orphans(id)).stream().filter(o -> o.id().equals(vpc)).findFirst()
                .orElseThrow(() -> new AssertionError(vpc + " is not listed"));
        assertTrue(listed.why().contains("424242") && listed.age() != null && listed.jobId() == null, listed.toString());

        admin(() -> {
            cleanup.setGrace(id, 0, null);
            cleanup.lookNow(id);
            return null;
        });
        orphanSweep.lookAtDue();
        // The job runs on the engine (woken through the queue); its write-back records the deletion in the audit trail.
        long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String actor = null;
        while (actor == null && System.nanoTime() < end) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT actor FROM audit_record WHERE action = 'ORPHAN_DELETED' "
                         + "AND subject = 'VPC " + vpc + " of profile " + id + "'")) {
                actor = rows.next() ? rows.getString(1) : null;
            }
            Thread.sleep(200);
        }
        assertEquals("system", actor, "the deletion job ran and its deletion is in the audit trail");
    }

    @Test
    @RunAsClient
    void theProviderFormKeepsWhatWasTypedThroughEveryUpdateAndAReload() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", TestWar.ADMIN_PASSWORD);
            browser.go("sandbox.xhtml");
            String endpoint = browser.text("sandbox-endpoint");
            new ConsoleBrowserChecks(browser).providerFormKeepsWhatWasTyped(unique("Typed first"), endpoint, FULL.id(),
                    FULL.secret());
        }
    }

    @Test
    @RunAsClient
    void aCopyToAnotherRegionCreatesItsKeyPairThereAndKeepsDeployDefaults() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", TestWar.ADMIN_PASSWORD);
            browser.go("sandbox.xhtml");
            String endpoint = browser.text("sandbox-endpoint");
            String source = unique("Source");
            new ProviderBrowserFlow(browser).addProfileFor(source, endpoint, FULL.id(), FULL.secret(), "cn-hangzhou",
                    unique("src-key"), 22);
            String pair = unique("copy-key");
            String defaults = new ConsoleBrowserChecks(browser).copyToRegionCreatingItsKeyPair(source, unique("Copy"),
                    "ap-southeast-1", pair);
            String[] parts = defaults.split(" \\| ");
            assertTrue(parts[0].startsWith("ecs."), "no instance type on the copy: " + defaults);
            assertFalse(parts[1].isBlank(), "no image on the copy: " + defaults);
            assertTrue(parts[2].contains(pair), defaults);
        }
    }

    @Test
    @RunAsClient
    void aKeyWithoutVpcRightsTestsAsAWarningAndIsNotChosenForADeploy() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", TestWar.ADMIN_PASSWORD);
            browser.go("sandbox.xhtml");
            String endpoint = browser.text("sandbox-endpoint");
            // First by name, so that a dialog taking the first profile would take this one.
            String name = "0-" + unique("no-vpc");
            new ProviderBrowserFlow(browser).addProfileFor(name, endpoint, ECS_ONLY.id(), ECS_ONLY.secret(), "cn-shanghai",
                    unique("novpc-key"), 22);
            ViewerBrowserChecks checks = new ViewerBrowserChecks(browser);
            String report = checks.connectionTestOf(name);
            String headline = report.substring(0, report.indexOf(" || "));
            String dialog = checks.deployDialogProfiles();
            // Every part reported at once: the test's first line, and the deploy dialog that reads its outcome.
            assertAll(
                    () -> assertTrue(headline.startsWith("callout warning | "), "not a warning: " + report),
                    () -> assertTrue(headline.contains("The connection works, but the RAM user lacks AliyunQuotasReadOnlyAccess "
                            + "and AliyunVPCFullAccess") && headline.contains("no server can be deployed"), report),
                    () -> assertFalse(report.contains("Forbbiden") || report.contains("unknown:"), report),
                    () -> assertTrue(dialog.contains(name + " (cn-shanghai) — last connection test failed"), dialog),
                    () -> assertFalse(dialog.substring(0, dialog.indexOf(" | ")).startsWith(name), "chosen for the person: " + dialog));
        }
    }

    @Test
    @RunAsClient
    void aZoneWithoutStockIsShownByThePreflightAndTimesAndDateFiltersAreTheViewersOwn() throws Exception {
        BrowserSession.requireBrowser();
        try (BrowserSession browser = BrowserSession.open(base.toURI())) {
            browser.login("admin", TestWar.ADMIN_PASSWORD);
            browser.go("sandbox.xhtml");
            String endpoint = browser.text("sandbox-endpoint");
            String name = "00-" + unique("beijing");
            ProviderBrowserFlow flow = new ProviderBrowserFlow(browser);
            flow.addProfileFor(name, endpoint, FULL.id(), FULL.secret(), "cn-beijing", unique("bj-key"), 22);
            ViewerBrowserChecks checks = new ViewerBrowserChecks(browser);
            // arquillian.xml gives the sandbox no stock of ecs.g7.xlarge in cn-beijing-h.
            checks.deployDialogProfiles();
            String reasons = checks.preflightIn(name, "ecs.g7.xlarge", "cn-beijing-h", unique("nostock"));

            // The audit's newest record (this profile's creation at the latest), seen from a zone on another date.
            String zone = ViewerBrowserChecks.zoneWithAnotherDateAt(checks.newestAuditAt());
            checks.viewIn(zone);
            String shown = checks.newestAuditTime();

            // A job filtered by the viewer's date, which is not its UTC date.
            flow.deploy(unique("dated"));
            String job = "#" + browser.driver().getCurrentUrl().replaceAll(".*[?&]id=([0-9]+).*", "$1");
            Instant requested = checks.requestedAt(job);
            String elsewhere = ViewerBrowserChecks.zoneWithAnotherDateAt(requested);
            checks.viewIn(elsewhere);
            String localDay = requested.atZone(java.time.ZoneId.of(elsewhere)).toLocalDate().toString();
            String utcDay = requested.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
            List<String> onLocalDay = checks.jobsRequestedOn(localDay);
            List<String> onUtcDay = checks.jobsRequestedOn(utcDay);

            assertAll(
                    () -> assertTrue(reasons.contains("Instance type ecs.g7.xlarge with a")
                            && reasons.contains("is not on sale in zone cn-beijing-h now"), "no stock reason: " + reasons),
                    () -> assertTrue(ViewerBrowserChecks.showsLocally(shown, zone), "the audit's time is not in " + zone + ": " + shown),
                    () -> assertTrue(onLocalDay.contains(job), job + " is not found on " + localDay + " in " + elsewhere + ": " + onLocalDay),
                    () -> assertFalse(onUtcDay.contains(job), job + " is found on its UTC date " + utcDay + " in " + elsewhere));
        }
    }

    private ProviderProfile saveSandboxProfile(String name, String region, AccessKey key) throws Exception {
        ProviderProfiles.Credentials credentials = credentials(key);
        String pair = unique("key");
        CloudTypes.CreatedKeyPair created = admin(() -> profiles.createKeyPair(credentials, region, pair));
        return admin(() -> profiles.save(null, new ProfileDraft(name, key.id(), key.secret(), sandbox.endpoint().orElseThrow(),
                region, pair, created.privateKeyPem(), null, 22, "root", ZonePolicy.FIRST_ZONE, NetworkPolicy.PER_SERVER,
                null, null, 40, "cloud_essd", null)));
    }

    /** Every row of every table, as H2 writes a backup script. */
    private String dumpDatabase() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SCRIPT")) {
            while (rows.next()) {
                all.append(rows.getString(1)).append('\n');
            }
        }
        return all.toString();
    }

    private static Path sshKeygen(String type, String passphrase) throws Exception {
        Path dir = Files.createTempDirectory("keys");
        Path file = dir.resolve("id");
        Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", passphrase == null ? "" : passphrase,
                "-C", "it", "-f", file.toString()).redirectErrorStream(true).start();
        assertEquals(0, process.waitFor(), new String(process.getInputStream().readAllBytes()));
        return file;
    }
}
