package com.ecsprovisioner.automation;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command type reaches the boundary method the console calls for it, with the arguments the console's form
 * would give; something that does not exist is refused naming its field; a boundary's refusal is passed on in its
 * own words; a bug is not turned into a refusal.
 */
class CommandRoutesTest {

    private final FakeBoundaries fake = new FakeBoundaries();

    private static Command command(String json) {
        return Command.of(CommandJson.parse(json.replace('\'', '"')).node());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'delete','requestId':'r','serverId':3}                                  | delete 3 []",
            "{'type':'delete','requestId':'r','serverId':3,'withNetwork':false}              | delete 3 []",
            "{'type':'delete','requestId':'r','serverId':3,'withNetwork':true}               | delete 3 [vpc-own]",
            "{'type':'start','requestId':'r','serverId':3}                                   | start 3",
            "{'type':'stop','requestId':'r','serverId':3}                                    | stop 3",
            "{'type':'reboot','requestId':'r','serverId':3}                                  | reboot 3",
            "{'type':'hard-reboot','requestId':'r','serverId':3}                             | hard-reboot 3",
            "{'type':'resize','requestId':'r','serverId':3,'instanceType':'ecs.g7.large'}    | resize 3 ecs.g7.large",
            "{'type':'snapshot','requestId':'r','serverId':3}                                | snapshot 3 null",
            "{'type':'snapshot','requestId':'r','serverId':3,'snapshotName':'pre-upgrade'}   | snapshot 3 pre-upgrade"})
    void serverCommandsReachServerActions(String json, String call) {
        CommandRoutes.Outcome outcome = fake.routes().carryOut(command(json));
        assertEquals(List.of(call), fake.calls);
        assertEquals(new CommandRoutes.Outcome(41, 3L), outcome, "the job the boundary made, on that server");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'open-port','requestId':'r','serverId':3,'port':8080,'cidr':'203.0.113.0/24'}        | open-port 3 8080 203.0.113.0/24",
            "{'type':'close-port','requestId':'r','serverId':3,'port':80,'cidr':'0.0.0.0/0'}              | close-port 3 80 0.0.0.0/0",
            "{'type':'repair-firewall','requestId':'r','serverId':3,'port':443,'cidr':'0.0.0.0/0','keep':true}  | repair-firewall 3 443 0.0.0.0/0 keep=true",
            "{'type':'repair-firewall','requestId':'r','serverId':3,'port':443,'cidr':'0.0.0.0/0','keep':false} | repair-firewall 3 443 0.0.0.0/0 keep=false"})
    void firewallCommandsReachTheFirewallBoundary(String json, String call) {
        CommandRoutes.Outcome outcome = fake.routes().carryOut(command(json));
        assertEquals(List.of(call), fake.calls);
        assertEquals(new CommandRoutes.Outcome(41, 3L), outcome, "the firewall job the boundary made, on that server");
    }

    /** The lock-out rule itself is proven against the sandbox (FirewallSandboxTest) and by command (AutomationCommandsIT). */
    @Test
    void aFirewallCommandTheBoundaryRefusesIsKeptAsARefusalInItsWords() {
        CommandRefused refused = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'close-port','requestId':'r','serverId':3,'port':22,'cidr':'0.0.0.0/0'}")));
        assertEquals(CommandRefused.REFUSED, refused.rule());
        assertTrue(refused.getMessage().contains("Closing SSH"), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'type':'backup-now','requestId':'r','serverId':3}                              | backup-now 3",
            "{'type':'restore-disk','requestId':'r','serverId':3,'snapshotId':'s-bp1abc'}    | restore-disk 3 s-bp1abc",
            "{'type':'restore-server','requestId':'r','serverId':3,'snapshotId':'s-bp1abc','name':'copy-1'} | restore-server 3 s-bp1abc copy-1 null",
            "{'type':'restore-server','requestId':'r','serverId':3,'snapshotId':'s-bp1abc','name':'copy-2','instanceType':'ecs.g7.large'} | restore-server 3 s-bp1abc copy-2 ecs.g7.large"})
    void backupCommandsReachTheBackupsBoundary(String json, String call) {
        CommandRoutes.Outcome outcome = fake.routes().carryOut(command(json));
        assertEquals(List.of(call), fake.calls);
        assertEquals(new CommandRoutes.Outcome(41, 3L), outcome, "the backup or roll-back job the boundary made, on that server");
    }

    @Test
    void aRollBackToASnapshotOfAnotherDiskIsKeptAsARefusalInItsWords() {
        CommandRefused refused = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'restore-disk','requestId':'r','serverId':3,'snapshotId':'s-other'}")));
        assertEquals(CommandRefused.REFUSED, refused.rule());
        assertTrue(refused.getMessage().contains("is not a snapshot of the disk"), refused.getMessage());
        assertTrue(fake.calls.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "retry-job    | retry 9",
            "rollback-job | rollback 9",
            "cancel-job   | cancel 9"})
    void jobCommandsReachTheDeploymentBoundary(String type, String call) {
        CommandRoutes.Outcome outcome = fake.routes().carryOut(command("{'type':'" + type + "','requestId':'r','jobId':9}"));
        assertEquals(List.of(call), fake.calls);
        assertEquals(new CommandRoutes.Outcome(9, 39L), outcome, "the same job, and its server");
    }

    @Test
    void deployGivesEveryOptionOfTheFormAndFindsTheProfileByNameOrId() {
        fake.routes().carryOut(command("{'type':'deploy','requestId':'r','profile':'Sandbox','serverName':'blog-1',"
                + "'zoneId':'cn-hangzhou-h','zonePolicy':'FIRST_IN_STOCK','networkPolicy':'SHARED_PER_PROFILE',"
                + "'instanceType':'ecs.g7.large','imageId':'img-1','diskCategory':'cloud_essd','diskSizeGiB':40,'phpVersion':'8.4'}"));
        fake.routes().carryOut(command("{'type':'deploy','requestId':'r','profile':5,'serverName':'blog-2'}"));
        fake.routes().carryOut(command("{'type':'deploy','requestId':'r','profile':'5','serverName':'blog-3'}"));
        // A profile named "12" (no profile has id 12) is found by its name.
        fake.routes().carryOut(command("{'type':'deploy','requestId':'r','profile':'12','serverName':'blog-4'}"));
        assertEquals(List.of(
                "deploy DeployRequest[name=blog-1, profileId=5, regionId=null, zoneId=cn-hangzhou-h, zonePolicy=FIRST_IN_STOCK, "
                        + "networkPolicy=SHARED_PER_PROFILE, instanceType=ecs.g7.large, imageId=img-1, diskCategory=cloud_essd, diskSizeGiB=40, phpVersion=8.4]",
                "deploy DeployRequest[name=blog-2, profileId=5, regionId=null, zoneId=null, zonePolicy=null, networkPolicy=null, "
                        + "instanceType=null, imageId=null, diskCategory=null, diskSizeGiB=null, phpVersion=null]",
                "deploy DeployRequest[name=blog-3, profileId=5, regionId=null, zoneId=null, zonePolicy=null, networkPolicy=null, "
                        + "instanceType=null, imageId=null, diskCategory=null, diskSizeGiB=null, phpVersion=null]",
                "deploy DeployRequest[name=blog-4, profileId=6, regionId=null, zoneId=null, zonePolicy=null, networkPolicy=null, "
                        + "instanceType=null, imageId=null, diskCategory=null, diskSizeGiB=null, phpVersion=null]"), fake.calls);
    }

    @Test
    void deployToAnotherRegionOfTheAccountGivesItAndAnUnknownRegionIsRefusedNamingTheAccountsRegions() {
        fake.routes().carryOut(command("{'type':'deploy','requestId':'r','profile':5,'serverName':'away-1','regionId':'cn-shanghai'}"));
        assertEquals(List.of("deploy DeployRequest[name=away-1, profileId=5, regionId=cn-shanghai, zoneId=null, zonePolicy=null, "
                + "networkPolicy=null, instanceType=null, imageId=null, diskCategory=null, diskSizeGiB=null, phpVersion=null]"), fake.calls);

        CommandRefused unknown = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'deploy','requestId':'r','profile':5,'serverName':'away-2','regionId':'eu-nowhere-9'}")));
        assertEquals("/regionId", unknown.field());
        assertEquals(CommandRefused.REFUSED, unknown.rule());
        assertEquals("Region eu-nowhere-9 is not a region of the profile's account (its regions: cn-hangzhou, cn-shanghai)",
                unknown.getMessage());
        assertEquals(1, fake.calls.size(), "nothing asked of the deployment boundary");
    }

    @Test
    void registerCustomServerRegistersThenBootstrapsIt() {
        CommandRoutes.Outcome outcome = fake.routes().carryOut(command("{'type':'register-custom-server','requestId':'r',"
                + "'name':'byo-1','address':'198.51.100.4','sshPort':2222,'user':'admin','privateKey':'KEY','passphrase':'PASS','regionId':'cn-shanghai'}"));
        assertEquals(List.of("register CustomServerRequest[byo-1, admin@198.51.100.4:2222, own key, cn-shanghai] key=KEY passphrase=PASS",
                "bootstrap 141"), fake.calls);
        assertEquals(new CommandRoutes.Outcome(42, 141L), outcome);
        fake.calls.clear();
        fake.routes().carryOut(command("{'type':'register-custom-server','requestId':'r','name':'byo-2','address':'h','user':'root','keyProfileId':5}"));
        assertTrue(fake.calls.get(0).startsWith("register CustomServerRequest[byo-2, root@h:22, key of profile 5,"), fake.calls.toString());
    }

    @Test
    void whatDoesNotExistIsRefusedNamingItsField() {
        CommandRefused profile = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'deploy','requestId':'r','profile':'Production','serverName':'blog-1'}")));
        assertEquals("/profile", profile.field());
        assertEquals(CommandRefused.UNKNOWN_PROFILE, profile.rule());
        assertTrue(profile.getMessage().contains("Production"), profile.getMessage());
        CommandRefused byId = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'deploy','requestId':'r','profile':99,'serverName':'blog-1'}")));
        assertEquals("/profile", byId.field());

        CommandRefused server = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'stop','requestId':'r','serverId':4}")));
        assertEquals("/serverId", server.field());
        assertEquals(CommandRefused.UNKNOWN_SERVER, server.rule());
        assertEquals("There is no server 4", server.getMessage());

        CommandRefused job = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'retry-job','requestId':'r','jobId':8}")));
        assertEquals("/jobId", job.field());
        assertEquals(CommandRefused.UNKNOWN_JOB, job.rule());
        assertEquals(List.of(), fake.calls, "no boundary action was asked for");
    }

    @Test
    void aBoundarysRefusalIsPassedOnInItsOwnWordsAndABugIsNot() {
        fake.failure = () -> new Rejected("Server blog-1 is stopped: it can be rebooted only when it is active, unreachable, failed");
        CommandRefused refused = assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'reboot','requestId':'r','serverId':3}")));
        assertEquals("Server blog-1 is stopped: it can be rebooted only when it is active, unreachable, failed", refused.getMessage());
        assertNull(refused.field());
        assertEquals(CommandRefused.REFUSED, refused.rule());

        fake.failure = () -> new IllegalStateException("a bug");
        assertThrows(IllegalStateException.class, () -> fake.routes().carryOut(command("{'type':'start','requestId':'r','serverId':3}")));

        // The cloud not answering for a moment is no fault of the command: redelivered later, not refused.
        fake.failure = () -> new Rejected("The request could not be checked with the cloud: try again", new CloudException(
                CloudException.Kind.UNAVAILABLE, "SDK.ServerUnreachable", null, "no answer", true, null, null));
        assertThrows(CloudException.class, () -> fake.routes().carryOut(
                command("{'type':'deploy','requestId':'r','profile':'Sandbox','serverName':'blog-1'}")));
        // A permanent one is the command's answer.
        fake.failure = () -> new Rejected("The request could not be checked with the cloud: forbidden", new CloudException(
                CloudException.Kind.FORBIDDEN, "Forbidden.RAM", null, "no right", false, "AliyunECSFullAccess", null));
        assertEquals(CommandRefused.REFUSED, assertThrows(CommandRefused.class, () -> fake.routes().carryOut(
                command("{'type':'deploy','requestId':'r','profile':'Sandbox','serverName':'blog-1'}"))).rule());
    }
}
