package com.ecsprovisioner.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.CreateSecurityGroupRequest;
import com.aliyuncs.ecs.model.v20140526.DeleteInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.RebootInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StartInstanceRequest;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.vpc.model.v20160428.CreateVSwitchRequest;
import com.aliyuncs.vpc.model.v20160428.CreateVpcRequest;
import com.ecsprovisioner.sandbox.cloud.AccessKey;

/** A sandbox plus the network most instance tests need; one per test, never shared. */
final class Fixture implements AutoCloseable {

    final Sandbox sandbox;
    final IAcsClient full;
    final IAcsClient ecsOnly;
    final IAcsClient readOnly;

    Fixture(SandboxConfig config) {
        this.sandbox = Sandbox.start(config);
        this.full = SdkClients.client(sandbox, key("sandbox-admin"), "cn-hangzhou");
        this.ecsOnly = SdkClients.client(sandbox, key("sandbox-ecs-only"), "cn-hangzhou");
        this.readOnly = SdkClients.client(sandbox, key("sandbox-read-only"), "cn-hangzhou");
    }

    AccessKey key(String user) {
        return sandbox.accounts().stream().filter(k -> k.userName().equals(user)).findFirst().orElseThrow();
    }

    record Network(String vpcId, String vSwitchId, String securityGroupId) {
    }

    Network network(String zoneId, String cidr) throws ClientException {
        CreateVpcRequest vpc = new CreateVpcRequest();
        vpc.setCidrBlock("172.16.0.0/12");
        String vpcId = full.getAcsResponse(vpc).getVpcId();
        CreateVSwitchRequest vsw = new CreateVSwitchRequest();
        vsw.setVpcId(vpcId);
        vsw.setZoneId(zoneId);
        vsw.setCidrBlock(cidr);
        String vSwitchId = full.getAcsResponse(vsw).getVSwitchId();
        CreateSecurityGroupRequest sg = new CreateSecurityGroupRequest();
        sg.setVpcId(vpcId);
        sg.setSecurityGroupName("web");
        String sgId = full.getAcsResponse(sg).getSecurityGroupId();
        return new Network(vpcId, vSwitchId, sgId);
    }

    /** Asserts that the call fails with the given code and answers the exception for further checks. */
    static <T extends AcsResponse> ClientException fails(String code, IAcsClient client, AcsRequest<T> request) {
        ClientException e = assertThrows(ClientException.class, () -> client.getAcsResponse(request));
        assertEquals(code, e.getErrCode(), () -> "message: " + e.getErrMsg());
        return e;
    }

    static StartInstanceRequest startRequest(String id) {
        StartInstanceRequest s = new StartInstanceRequest();
        s.setInstanceId(id);
        return s;
    }

    static StopInstanceRequest stopRequest(String id) {
        StopInstanceRequest s = new StopInstanceRequest();
        s.setInstanceId(id);
        return s;
    }

    static RebootInstanceRequest rebootRequest(String id) {
        RebootInstanceRequest r = new RebootInstanceRequest();
        r.setInstanceId(id);
        return r;
    }

    static DeleteInstanceRequest deleteRequest(String id, boolean force) {
        DeleteInstanceRequest d = new DeleteInstanceRequest();
        d.setInstanceId(id);
        d.setForce(force);
        return d;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
