package com.ecsprovisioner.provider;

import com.ecsprovisioner.cloud.CloudTypes;
import com.ecsprovisioner.cloud.CloudTypes.Access;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A connection test's first line: a success only with nothing missing, else what is missing and what it blocks. */
class ConnectionReportTest {

    private static ConnectionReport report(CloudTypes.PermissionCheck... checks) {
        return new ConnectionReport(Instant.EPOCH, true, "The AccessKey works.", List.of(checks), List.of(), null);
    }

    private static CloudTypes.PermissionCheck granted(String action) {
        return new CloudTypes.PermissionCheck(action, Access.GRANTED, "AliyunECSFullAccess", null, null);
    }

    @Test
    void everyPermissionGrantedIsASuccess() {
        ConnectionReport report = report(granted("RunInstances"));
        assertEquals(ConnectionReport.Outcome.WORKS, report.outcome());
        assertTrue(report.headline().startsWith("The connection works and"), report.headline());
    }

    @Test
    void aMissingPolicyIsAWarningThatSaysWhatItBlocks() {
        ConnectionReport report = report(granted("RunInstances"),
                new CloudTypes.PermissionCheck("CreateVpc", Access.REFUSED, "AliyunVPCFullAccess", null, "refused"));
        assertEquals(ConnectionReport.Outcome.WORKS_WITH_GAPS, report.outcome());
        assertEquals("The connection works, but the RAM user lacks AliyunVPCFullAccess: without AliyunVPCFullAccess no server can be "
                + "deployed, since none can get a network (VPC and vSwitch). Grant it to the RAM user in the RAM console.",
                report.headline());
    }

    @Test
    void anUnknownAnswerIsAWarningWithTheCloudsCodeLabelled() {
        ConnectionReport report = report(new CloudTypes.PermissionCheck("DeleteVpc", Access.UNKNOWN, "AliyunVPCFullAccess",
                "Forbbiden", "odd"));
        assertEquals(ConnectionReport.Outcome.WORKS_WITH_GAPS, report.outcome());
        assertFalse(report.headline().contains("Forbbiden"), report.headline());
        assertEquals(List.of("DeleteVpc (cloud error code: Forbbiden)"), report.unknownActions());
        assertEquals("not known", report.permissions().get(0).answer());
    }

    @Test
    void anUnknownAnswerWithoutACodeNamesOnlyTheAction() {
        ConnectionReport report = report(new CloudTypes.PermissionCheck("DeleteVpc", Access.UNKNOWN, "AliyunVPCFullAccess",
                null, "timed out"));
        assertEquals(List.of("DeleteVpc"), report.unknownActions());
    }

    @Test
    void badCredentialsAreAFailureInTheirOwnWords() {
        ConnectionReport report = new ConnectionReport(Instant.EPOCH, false, "The AccessKey secret is wrong.", List.of(), null, null);
        assertEquals(ConnectionReport.Outcome.FAILS, report.outcome());
        assertEquals("The AccessKey secret is wrong.", report.headline());
    }
}
