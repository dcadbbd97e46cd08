package com.ecsprovisioner.automation;

import com.ecsprovisioner.audit.AuditAction;
import com.ecsprovisioner.audit.AuditRecord;
import com.ecsprovisioner.audit.AuditTrails;
import com.ecsprovisioner.backup.Backups;
import com.ecsprovisioner.backup.TestBackups;
import com.ecsprovisioner.deployment.Deployments;
import com.ecsprovisioner.platform.MigratedDatabase;
import com.ecsprovisioner.platform.Rejected;
import com.ecsprovisioner.platform.outbox.Outbox;
import com.ecsprovisioner.platform.outbox.OutboxEvent;
import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.provider.CatalogCache;
import com.ecsprovisioner.provider.ProviderProfile;
import com.ecsprovisioner.provider.ProviderProfiles;
import com.ecsprovisioner.server.Server;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that complete at once (set-backup-policy, quote-price) on H2 with the product's migrations and the
 * real backup boundary: accepted without a job and answered with a completed event saying what they did, remembered
 * by request id (a repeat is answered again, not carried out again), audited as the console's forms are, and
 * refused as the other commands are (unknown profile or server by its field, bad days, hours or zone in the
 * boundary's words). A deploy's and a resize's acceptance tells its price.
 */
class ImmediateCommandsTest {

    private static final Outbox.Reply REPLY = new Outbox.Reply("reply.queue.billing", "corr-1");

    @RegisterExtension
    final MigratedDatabase db = new MigratedDatabase();

    private final FakeBoundaries fake = new FakeBoundaries();
    private final List<String> quoted = new ArrayList<>();
    private long profileId;
    private long serverId;
    private int messages;

    @BeforeEach
    void open() {
        db.open();
        EntityManager em = db.createEntityManager();
        em.getTransaction().begin();
        ProviderProfile profile = new ProviderProfile("agency", "LTAI-test", "sealed", null, "cn-hangzhou", "key-pair",
                "fingerprint", "sealed-key", null, Instant.EPOCH);
        em.persist(profile);
        em.flush();
        Server server = new Server("blog", profile.getId(), "cn-hangzhou", "ecs.t6-c1m1.large", "ubuntu", Instant.EPOCH);
        em.persist(server);
        em.getTransaction().commit();
        profileId = profile.getId();
        serverId = server.getId();
        em.close();
    }

    /** One delivery, as CommandIntakeTest delivers: the acceptance in a transaction of its own, on the real Backups. */
    private void deliver(String body) {
        TestDeliveries.deliver(db, new IncomingCommand(body.replace('\'', '"'), null, "billing", REPLY, "ID:message-" + (++messages)),
                acceptance -> {
                    acceptance.actions = fake.actions;
                    acceptance.customServers = fake.customServers;
                    acceptance.firewall = fake.firewall;
                    acceptance.requester = fake.requester;
                    acceptance.prices = prices();
                }, (acceptance, inner) -> {
                    fake.em = inner;
                    acceptance.backups = backups(inner);
                    acceptance.profiles = profiles(inner);
                    acceptance.deployments = deployments(inner);
                });
    }

    private Backups backups(EntityManager em) {
        return TestBackups.on(em, fake.requester, null);
    }

    private static ProviderProfiles profiles(EntityManager em) {
        return new ProviderProfiles() {
            @Override
            public List<ProviderProfile> list() {
                return em.createQuery("SELECT p FROM ProviderProfile p", ProviderProfile.class).getResultList();
            }

            @Override
            public Optional<ProviderProfile> find(long id) {
                return Optional.ofNullable(em.find(ProviderProfile.class, id));
            }

            @Override
            public CatalogCache.Cached<CloudTypes.Region> regions(long id) {
                return new CatalogCache.Cached<>(List.of(new CloudTypes.Region("cn-hangzhou", "华东1（杭州）", true),
                        new CloudTypes.Region("cn-shanghai", "华东2（上海）", true)), Instant.EPOCH);
            }
        };
    }

    /** Knows the servers of the database; a deploy is the fake's (a server and job written without a cloud). */
    private Deployments deployments(EntityManager em) {
        return new Deployments() {
            @Override
            public Deployment deploy(com.ecsprovisioner.deployment.DeployRequest request) {
                return fake.deployments.deploy(request);
            }

            @Override
            public com.ecsprovisioner.engine.Job job(long jobId) {
                return fake.deployments.job(jobId);
            }

            @Override
            public Server server(long id) {
                return Optional.ofNullable(em.find(Server.class, id)).orElseThrow(() -> new Rejected("There is no server " + id));
            }
        };
    }

    /** The cost boundary's answers as the command tells them: one price, or unavailable for an unknown type. */
    private CommandPrices prices() {
        return new CommandPrices() {
            @Override
            public Map<String, Object> deployment(long profile, String regionId, String instanceType, String diskCategory,
                                                  Integer diskSizeGiB) {
                quoted.add("deployment " + profile + (regionId == null ? "" : " in " + regionId) + " " + instanceType + " " + diskCategory + " " + diskSizeGiB);
                if ("ecs.nope.large".equals(instanceType)) {
                    return Map.of("priceUnavailable", "price unavailable: The specified InstanceType does not exist.");
                }
                return Map.of("price", price("0.092"));
            }

            @Override
            public Map<String, Object> resize(long server, String newType) {
                quoted.add("resize " + server + " " + newType);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("priceBefore", price("0.033"));
                out.put("priceAfter", price("0.092"));
                out.put("monthlyChange", new BigDecimal("43.07"));
                return out;
            }
        };
    }

    private static Map<String, Object> price(String perHour) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("currency", "USD");
        p.put("perHour", new BigDecimal(perHour));
        p.put("perMonth", new BigDecimal(perHour).multiply(BigDecimal.valueOf(730)));
        p.put("readAt", "2026-12-05T01:58:00Z");
        return p;
    }

    private List<OutboxEvent> outbox() {
        EntityManager em = db.createEntityManager();
        try {
            return em.createQuery("SELECT e FROM OutboxEvent e ORDER BY e.id", OutboxEvent.class).getResultList();
        } finally {
            em.close();
        }
    }

    private List<RejectedCommand> rejections() {
        EntityManager em = db.createEntityManager();
        try {
            return em.createNamedQuery("RejectedCommand.newest", RejectedCommand.class).getResultList();
        } finally {
            em.close();
        }
    }

    private List<AuditRecord> audit() {
        EntityManager em = db.createEntityManager();
        try {
            return AuditTrails.all(em);
        } finally {
            em.close();
        }
    }

    @Test
    void aProfilesPolicyIsSetAtOnceAnsweredAcceptedThenCompletedAndAudited() {
        String command = "{'type':'set-backup-policy','requestId':'policy-1','profile':'agency',"
                + "'policy':{'days':'mon,thu','hours':'3,15','keep':5},'timeZone':'Europe/Berlin'}";
        deliver(command);
        deliver(command);

        List<OutboxEvent> events = outbox();
        assertEquals(List.of(CommandEvents.ACCEPTED, CommandEvents.COMPLETED, CommandEvents.ACCEPTED, CommandEvents.COMPLETED),
                events.stream().map(OutboxEvent::type).toList());
        JsonNode accepted = CommandJson.read(events.get(0).data());
        assertTrue(accepted.get("jobId").isNull(), "no job: " + accepted);
        assertFalse(accepted.get("duplicate").asBoolean());
        assertTrue(CommandJson.read(events.get(2).data()).get("duplicate").asBoolean(), "the repeat is said to be one");
        JsonNode completed = CommandJson.read(events.get(1).data());
        assertEquals("policy-1", completed.get("requestId").asText());
        assertEquals("set-backup-policy", completed.get("commandType").asText());
        JsonNode result = completed.get("result");
        assertEquals(profileId, result.get("profileId").asLong());
        assertEquals("Europe/Berlin", result.get("timeZone").asText());
        assertEquals(5, result.get("policy").get("keep").asInt());
        assertEquals("3,15", result.get("policy").get("hours").asText());
        assertEquals(events.get(1).data(), events.get(3).data(), "the repeat is answered with what was done then");
        for (OutboxEvent e : events) {
            assertNull(e.jobId());
            assertNull(e.subject());
            assertEquals("policy-1", e.requestId());
            assertEquals("reply.queue.billing", e.replyTo());
        }

        List<AuditRecord> records = audit();
        assertEquals(1, records.size(), "carried out once: " + AuditTrails.describe(records));
        assertEquals(AuditAction.BACKUP_POLICY_CHANGED, records.get(0).getAction());
        assertEquals("jms:billing", records.get(0).getActor());
        assertEquals(List.of(), rejections());
    }

    @Test
    void aServersExceptionIsItsOwnPolicyOrNoneOrItsProfiles() {
        deliver("{'type':'set-backup-policy','requestId':'own','serverId':" + serverId
                + ",'follow':'own','policy':{'days':'daily','hours':'2','keep':3}}");
        deliver("{'type':'set-backup-policy','requestId':'none','serverId':" + serverId + ",'follow':'none'}");

        List<JsonNode> results = outbox().stream().filter(e -> e.type().equals(CommandEvents.COMPLETED))
                .map(e -> CommandJson.read(e.data()).get("result")).toList();
        assertEquals("own", results.get(0).get("follow").asText());
        assertEquals(3, results.get(0).get("policy").get("keep").asInt());
        assertFalse(results.get(0).get("nextSlot").isNull(), "its own policy has a next slot");
        assertEquals("none", results.get(1).get("follow").asText());
        assertTrue(results.get(1).get("nextSlot").isNull());
        assertEquals(serverId, results.get(1).get("serverId").asLong());
        assertEquals(List.of(AuditAction.SERVER_BACKUP_POLICY_CHANGED, AuditAction.SERVER_BACKUP_POLICY_CHANGED),
                audit().stream().map(AuditRecord::getAction).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'set-backup-policy','requestId':'r','profile':'nobody','policy':null}                                  | known-profile | /profile  | nobody",
            "{'type':'set-backup-policy','requestId':'r','serverId':404,'follow':'none'}                                    | known-server  | /serverId | 404",
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':{'days':'someday','hours':'3','keep':2}} | allowed-now |           | not a day of the week",
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':{'days':'daily','hours':'25','keep':2}}  | allowed-now |           | 25",
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':null,'timeZone':'Mars/Olympus'}         | allowed-now |           | is not a time zone",
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':{'days':'daily','hours':'3','keep':0}}  | minimum     | /policy   | ",
            "{'type':'set-backup-policy','requestId':'r','serverId':1,'follow':'own'}                                        | required    | /policy   | own policy",
            "{'type':'quote-price','requestId':'r','serverId':404,'instanceType':'ecs.c7.large'}                             | known-server  | /serverId | 404"})
    void aPolicyOrAQuoteThatCannotBeMadeIsRefusedAsTheOtherCommandsAre(String command, String rule, String field, String says) {
        deliver(command.replace("'serverId':1,", "'serverId':" + serverId + ","));
        List<RejectedCommand> kept = rejections();
        assertEquals(1, kept.size());
        assertEquals(rule, kept.get(0).rule(), kept.get(0).reason());
        assertEquals(field == null ? null : field.strip(), kept.get(0).field() == null ? null
                : kept.get(0).field().startsWith("/policy") ? "/policy" : kept.get(0).field());
        if (says != null) {
            assertTrue(kept.get(0).reason().contains(says.strip()), kept.get(0).reason());
        }
        assertEquals(List.of(CommandEvents.REJECTED), outbox().stream().map(OutboxEvent::type).toList(), "nothing else answered");
        assertEquals(List.of(), audit(), "nothing changed");
    }

    @Test
    void aPriceIsQuotedForANewServerOrAResizeAndAnUnreadableOneIsSaidToBe() {
        deliver("{'type':'quote-price','requestId':'q1','profile':'agency','instanceType':'ecs.c7.large','diskSizeGiB':40}");
        deliver("{'type':'quote-price','requestId':'q2','profile':" + profileId + ",'instanceType':'ecs.nope.large'}");
        deliver("{'type':'quote-price','requestId':'q3','serverId':" + serverId + ",'instanceType':'ecs.c7.large'}");

        assertEquals(List.of("deployment " + profileId + " ecs.c7.large null 40", "deployment " + profileId + " ecs.nope.large null null",
                "resize " + serverId + " ecs.c7.large"), quoted);
        List<JsonNode> results = outbox().stream().filter(e -> e.type().equals(CommandEvents.COMPLETED))
                .map(e -> CommandJson.read(e.data()).get("result")).toList();
        assertEquals("USD", results.get(0).get("price").get("currency").asText());
        assertEquals(0, new BigDecimal("0.092").compareTo(results.get(0).get("price").get("perHour").decimalValue()));
        assertEquals("2026-12-05T01:58:00Z", results.get(0).get("price").get("readAt").asText());
        assertTrue(results.get(1).get("priceUnavailable").asText().contains("InstanceType does not exist"), results.get(1).toString());
        assertFalse(results.get(1).has("price"));
        assertEquals(0, new BigDecimal("43.07").compareTo(results.get(2).get("monthlyChange").decimalValue()));
        assertEquals("USD", results.get(2).get("priceAfter").get("currency").asText());
        assertEquals(List.of(), rejections());
    }

    @Test
    void aDeploysAndAResizesAcceptanceTellsTheirPriceAndARepeatTellsItAgain() {
        String deploy = "{'type':'deploy','requestId':'d1','profile':'agency','serverName':'shop-1','instanceType':'ecs.c7.large'}";
        deliver(deploy);
        deliver(deploy);
        deliver("{'type':'resize','requestId':'z1','serverId':" + serverId + ",'instanceType':'ecs.c7.large'}");

        List<JsonNode> accepted = outbox().stream().filter(e -> e.type().equals(CommandEvents.ACCEPTED))
                .map(e -> CommandJson.read(e.data())).toList();
        assertEquals(3, accepted.size(), accepted.toString());
        assertEquals("USD", accepted.get(0).get("price").get("currency").asText(), accepted.get(0).toString());
        assertEquals(accepted.get(0).get("price"), accepted.get(1).get("price"), "a repeat tells the price read then");
        assertTrue(accepted.get(1).get("duplicate").asBoolean());
        assertEquals(0, new BigDecimal("0.033").compareTo(accepted.get(2).get("priceBefore").get("perHour").decimalValue()));
        assertEquals(0, new BigDecimal("0.092").compareTo(accepted.get(2).get("priceAfter").get("perHour").decimalValue()));
        assertEquals(2, quoted.size(), "the repeat asked no price: " + quoted);
    }

    @Test
    void aDeployToAnotherRegionIsPricedInThatRegion() {
        deliver("{'type':'deploy','requestId':'d2','profile':'agency','serverName':'shop-2','instanceType':'ecs.c7.large',"
                + "'regionId':'cn-shanghai'}");
        assertEquals(List.of("deployment " + profileId + " in cn-shanghai ecs.c7.large null null"), quoted,
                "the price its acceptance tells is the region's it deploys to");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':null}",
            "{'type':'set-backup-policy','requestId':'r','profile':7,'policy':{'days':'mon','hours':'3','keep':64},'timeZone':'UTC'}",
            "{'type':'set-backup-policy','requestId':'r','serverId':3,'follow':'profile'}",
            "{'type':'set-backup-policy','requestId':'r','serverId':3,'follow':'own','policy':{'days':'daily','hours':'2,14','keep':1}}",
            "{'type':'quote-price','requestId':'r','profile':'agency'}",
            "{'type':'quote-price','requestId':'r','profile':'agency','instanceType':'ecs.c7.large','diskCategory':'cloud_essd','diskSizeGiB':40}",
            "{'type':'quote-price','requestId':'r','serverId':3,'instanceType':'ecs.c7.large'}"})
    void theSchemaTakesEveryFormOfTheseCommands(String command) {
        assertEquals(Optional.empty(), CommandSchema.get().check(CommandJson.parse(command.replace('\'', '"')).node()), command);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'set-backup-policy','requestId':'r','profile':'agency'}                                        | /policy     | required",
            "{'type':'set-backup-policy','requestId':'r','serverId':3}                                              | /follow     | required",
            "{'type':'set-backup-policy','requestId':'r','serverId':3,'follow':'always'}                            | /follow     | enum",
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':{'days':'mon','hours':'3'}}    | /policy/keep | required",
            "{'type':'set-backup-policy','requestId':'r','profile':'agency','policy':null,'colour':'blue'}         | /colour     | additionalProperties",
            "{'type':'quote-price','requestId':'r'}                                                                 | /profile    | required",
            "{'type':'quote-price','requestId':'r','serverId':3}                                                    | /instanceType | required"})
    void theSchemaRefusesABrokenOneNamingTheField(String command, String field, String rule) {
        CommandSchema.Violation v = CommandSchema.get().check(CommandJson.parse(command.replace('\'', '"')).node())
                .orElseThrow(() -> new AssertionError("accepted: " + command));
        assertEquals(field, v.field(), v.toString());
        assertEquals(rule, v.rule(), v.toString());
    }
}
