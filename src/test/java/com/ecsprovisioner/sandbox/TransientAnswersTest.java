package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeZonesRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.aliyuncs.vpc.model.v20160428.DescribeVpcsRequest;
import com.ecsprovisioner.sandbox.api.FaultRule;
import com.ecsprovisioner.sandbox.api.TransientAnswer;
import com.ecsprovisioner.sandbox.cloud.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each transient answer a robust client must survive can be injected per action through the fault settings, with
 * its real code and HTTP status; other actions are untouched, and the same seed gives the same answers.
 */
class TransientAnswersTest {

    @ParameterizedTest
    @EnumSource(TransientAnswer.class)
    void eachTransientAnswerCanBeInjected(TransientAnswer answer) throws Exception {
        SandboxConfig config = SandboxConfig.builder().durations(Durations.IMMEDIATE)
                .fault("DescribeZones", FaultRule.parse(answer.code() + "=1")).build();
        try (Sandbox s = Sandbox.start(config)) {
            IAcsClient c = SdkClients.client(s, s.accounts().get(0), "cn-hangzhou");
            ClientException e = Fixture.fails(answer.code(), c, new DescribeZonesRequest());
            assertEquals(answer.error().status() >= 500, e instanceof ServerException);
            assertTrue(c.getAcsResponse(new DescribeRegionsRequest()).getRegions().size() > 1, "other actions answer");
        }
    }

    private static List<String> outcomes(long seed) throws Exception {
        SandboxConfig config = SandboxConfig.builder().durations(Durations.IMMEDIATE).faultSeed(seed)
                .fault("DescribeZones", FaultRule.parse("OperationConflict=0.3,LastTokenProcessing=0.3")).build();
        List<String> out = new ArrayList<>();
        try (Sandbox s = Sandbox.start(config)) {
            IAcsClient c = SdkClients.client(s, s.accounts().get(0), "cn-hangzhou");
            for (int i = 0; i < 30; i++) {
                try {
                    c.getAcsResponse(new DescribeZonesRequest());
                    out.add("ok");
                } catch (ClientException e) {
                    out.add(e.getErrCode());
                }
            }
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameAnswersAndBothAnswersOccur() throws Exception {
        List<String> first = outcomes(7);
        assertEquals(first, outcomes(7));
        assertTrue(first.contains("OperationConflict") && first.contains("LastTokenProcessing") && first.contains("ok"),
                first.toString());
    }

    @Test
    void aLostAnswerLeavesTheCallDoneAndTheClientWithoutAnAnswer() throws Exception {
        SandboxConfig config = SandboxConfig.fromProperties(Map.of("ecs.sandbox.faults", "CreateVpc:lost=1",
                "ecs.sandbox.port", "0"));
        try (Sandbox s = Sandbox.start(config)) {
            IAcsClient c = SdkClients.client(s, s.accounts().get(0), "cn-hangzhou");
            CreateVpcRequest vpc = new CreateVpcRequest();
            vpc.setCidrBlock("10.0.0.0/8");
            ClientException e = assertThrows(ClientException.class, () -> c.getAcsResponse(vpc));
            assertNull(e.getRequestId(), "no answer, so no request id");
            assertEquals(1, c.getAcsResponse(new DescribeVpcsRequest()).getTotalCount(),
                    "the VPC was made all the same");
        }
        assertEquals(0.25, FaultRule.parse("lost=0.25").lost());
        assertThrows(IllegalArgumentException.class, () -> FaultRule.parse("lost=2"));
    }

    @Test
    void anUnknownAnswerNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultRule.parse("NoSuchCode=0.5"));
        assertTrue(e.getMessage().contains("OperationConflict") && e.getMessage().contains("NoSuchCode"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FaultRule.parse("OperationConflict=1.5"));
        assertEquals(Map.of(TransientAnswer.OPERATION_CONFLICT, 0.25),
                FaultRule.parse("OperationConflict=0.25").answers());
    }
}
