package com.ecsprovisioner.cloud.alibaba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ecsprovisioner.cloud.CloudException;
import com.ecsprovisioner.cloud.CloudException.Kind;
import com.ecsprovisioner.cloud.alibaba.ErrorClassifier.Product;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every code of reference §4.7 and the busy codes the provisioning engine must retry. */
class ErrorClassifierTest {

    @ParameterizedTest(name = "{1} ({0}) → {2}, transient={3}")
    @CsvSource({
            // status, code, kind, transient
            "400, Throttling, THROTTLED, true",
            "400, Throttling.User, THROTTLED, true",
            "400, Throttling.Api, THROTTLED, true",
            "400, Throttling.Resource, THROTTLED, true",
            "404, InvalidAccessKeyId.NotFound, BAD_CREDENTIALS, false",
            "404, InvalidAccessKeyId, BAD_CREDENTIALS, false",
            "403, Forbidden.AccessKeyDisabled, BAD_CREDENTIALS, false",
            "400, SignatureDoesNotMatch, BAD_CREDENTIALS, false",
            "0, SDK.InvalidAccessKeySecret, BAD_CREDENTIALS, false",
            "400, IncompleteSignature, BAD_CREDENTIALS, false",
            "400, MissingParameter, INVALID_REQUEST, false",
            "400, InvalidParamater, INVALID_REQUEST, false",
            "400, IllegalTimestamp, INVALID_REQUEST, false",
            "400, SignatureNonceUsed, INVALID_REQUEST, false",
            "403, InvalidAction, INVALID_REQUEST, false",
            "400, InvalidParameter, INVALID_REQUEST, false",
            "403, Forbidden.RAM, FORBIDDEN, false",
            "403, Forbidden.SubUser, FORBIDDEN, false",
            "403, Forbidden.Unauthorized, FORBIDDEN, false",
            "403, Forbidden.NotSupportRAM, FORBIDDEN, false",
            "403, Forbbiden, FORBIDDEN, false",
            "403, Forbidden.SomethingNew, FORBIDDEN, false",
            "400, QuotaExceeded.Vpc, QUOTA_EXCEEDED, false",
            "400, QuotaExceeded.VSwitch, QUOTA_EXCEEDED, false",
            "403, QuotaExceed.SecurityGroup, QUOTA_EXCEEDED, false",
            "403, QuotaExceed.KeyPair, QUOTA_EXCEEDED, false",
            "403, QuotaExceed.ElasticQuota, QUOTA_EXCEEDED, false",
            "403, AuthorizationLimitExceed, QUOTA_EXCEEDED, false",
            "403, OperationDenied.NoStock, OUT_OF_STOCK, false",
            "403, InvalidResourceType.NotSupported, OUT_OF_STOCK, false",
            "403, InvalidInstanceType.ZoneNotSupported, OUT_OF_STOCK, false",
            "403, InvalidInstanceType.NotSupported, OUT_OF_STOCK, false",
            "403, InstanceType.Offline, OUT_OF_STOCK, false",
            "400, InvalidInstanceType.ValueNotSupported, INVALID_REQUEST, false",
            "403, IncorrectInstanceStatus, CONFLICT, true",
            "403, IncorrectInstanceStatus.Initializing, CONFLICT, true",
            "400, DependencyViolation.VSwitch, CONFLICT, true",
            "400, DependencyViolation.SecurityGroup, CONFLICT, true",
            "400, DependencyViolation.Instance, CONFLICT, true",
            "403, DependencyViolation, CONFLICT, true",
            "403, DependencyViolation.WindowsInstance, INVALID_REQUEST, false",
            "409, OperationConflict, CONFLICT, true",
            "400, IncorrectVSwitchStatus, CONFLICT, true",
            "400, IncorrectVpcStatus, CONFLICT, true",
            "403, LastTokenProcessing, CONFLICT, true",
            "403, IdempotentProcessing, CONFLICT, true",
            "400, IdempotentParameterMismatch, INVALID_REQUEST, false",
            "400, KeyPair.AlreadyExist, CONFLICT, false",
            "404, InvalidRegionId.NotFound, NOT_FOUND, false",
            "404, InvalidInstanceId.NotFound, NOT_FOUND, false",
            "404, InvalidImageId.NotFound, NOT_FOUND, false",
            "404, InvalidSecurityGroupId.NotFound, NOT_FOUND, false",
            "404, InvalidVpcId.NotFound, NOT_FOUND, false",
            "404, InvalidVSwitchId.NotFound, NOT_FOUND, false",
            "404, InvalidZoneId.NotFound, NOT_FOUND, false",
            "400, InvalidKeyPairName.NotFound, NOT_FOUND, false",
            "400, Forbidden.VpcNotFound, NOT_FOUND, false",
            "500, InternalError, UNAVAILABLE, true",
            "503, ServiceUnavailable, UNAVAILABLE, true",
            "503, ServiceUnavailable.RegionMaintaining, UNAVAILABLE, true",
            "0, SDK.ServerUnreachable, UNAVAILABLE, true",
            "0, SDK.ReadTimeout, UNAVAILABLE, true",
            "0, SDK.RequestTryOrRetryFailed, UNAVAILABLE, true",
            "400, DryRunOperation, INVALID_REQUEST, false",
            // Appendix C codes whose family name alone would mislead.
            "404, DependencyViolation.IoOptimized, INVALID_REQUEST, false",
            "403, InsufficientBalance, FORBIDDEN, false",
            "403, RegionUnauthorized, FORBIDDEN, false",
            "403, NoPermission.Tag, FORBIDDEN, false",
            "403, IncorrectDiskStatus.CreatingSnapshot, CONFLICT, true",
            "500, InstanceNotReady, CONFLICT, true",
            "403, SecurityGroupInstanceLimitExceed, QUOTA_EXCEEDED, false",
            "404, InvalidVSwitchId.NotExist, NOT_FOUND, false",
            "400, Zone.NotOnSale, OUT_OF_STOCK, false",
            // Unknown codes fall back on the HTTP status.
            "502, SomethingBroke, UNAVAILABLE, true",
            "429, SomethingNew, THROTTLED, true",
            "404, SomethingGone, NOT_FOUND, false",
            "409, SomethingBusy, CONFLICT, true",
            "400, SomethingOdd, INVALID_REQUEST, false",
    })
    void classifies(int status, String code, Kind kind, boolean transientFailure) {
        CloudException e = ErrorClassifier.classify(Product.ECS, "RunInstances", "cn-hangzhou", status, code,
                "the cloud's words", "REQ-1", null, null);
        assertEquals(kind, e.kind());
        assertEquals(transientFailure, e.isTransient());
        assertEquals(code, e.code());
        assertEquals("REQ-1", e.requestId());
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void missingPermissionNamesThePolicyOfTheProduct() {
        CloudException vpc = ErrorClassifier.classify(Product.VPC, "CreateVpc", "cn-hangzhou", 403, "Forbbiden",
                "User not authorized to operate on the specified resource.", "R", null, null);
        assertEquals("AliyunVPCFullAccess", vpc.missingPolicy());
        assertEquals("The RAM user may not call vpc:CreateVpc: grant AliyunVPCFullAccess to it in the RAM console.",
                vpc.getMessage());
        CloudException ecs = ErrorClassifier.classify(Product.ECS, "RunInstances", "cn-hangzhou", 403, "Forbidden.RAM",
                "User not authorized", "R", "ecs:RunInstances", null);
        assertEquals("AliyunECSFullAccess", ecs.missingPolicy());
        assertTrue(ecs.getMessage().contains("ecs:RunInstances"), ecs.getMessage());
        assertNull(ErrorClassifier.classify(Product.ECS, "RunInstances", "cn-hangzhou", 400, "Throttling", "", "R", null, null)
                .missingPolicy());
    }

    @Test
    void messagesAreForPeopleAndCarryNoStringToSign() {
        CloudException e = ErrorClassifier.classify(Product.ECS, "DescribeRegions", "cn-hangzhou", 0,
                "SDK.InvalidAccessKeySecret", "Specified Access Key Secret is not valid.", null, null, null);
        assertEquals("The AccessKey secret is wrong: check it in the RAM console.", e.getMessage());
        CloudException region = ErrorClassifier.classify(Product.ECS, "DescribeZones", "xx-nowhere-1", 404,
                "InvalidRegionId.NotFound", "The specified RegionId does not exist.", "R", null, null);
        assertTrue(region.getMessage().contains("xx-nowhere-1"), region.getMessage());
        CloudException odd = ErrorClassifier.classify(Product.ECS, "DescribeZones", "cn-hangzhou", 400, "SomethingOdd",
                "Bad thing. server string to sign is:POST&%2F&AccessKeyId%3D...", "R", null, null);
        assertFalse(odd.getMessage().contains("AccessKeyId"), odd.getMessage());
        assertTrue(odd.describe().contains("(cloud error code: SomethingOdd, request id: R"), odd.describe());
    }
}
