// Drives the sandbox with Alibaba's current-generation Node SDK, which signs with V3 (ACS3-HMAC-SHA256) by default.
// Reads SANDBOX_ENDPOINT (host:port), SANDBOX_KEY_ID and SANDBOX_KEY_SECRET; prints one JSON object with what each
// call answered, for SdkV3ConformanceTest to check. Exits non-zero if the SDK throws where it should not.
const Ecs = require('@alicloud/ecs20140526').default;
const $Ecs = require('@alicloud/ecs20140526');
const $OpenApi = require('@alicloud/openapi-client');

function client(secret) {
  return new Ecs(new $OpenApi.Config({
    accessKeyId: process.env.SANDBOX_KEY_ID,
    accessKeySecret: secret,
    endpoint: process.env.SANDBOX_ENDPOINT,
    protocol: 'http',
    regionId: 'cn-hangzhou',
    signatureAlgorithm: 'ACS3-HMAC-SHA256', // the default, stated so that the test cannot drift to V2
  }));
}

async function main() {
  const ecs = client(process.env.SANDBOX_KEY_SECRET);
  const out = {};
  const regions = await ecs.describeRegions(new $Ecs.DescribeRegionsRequest({ acceptLanguage: 'en-US' }));
  out.regions = regions.body.regions.region.map(r => r.regionId);
  const zones = await ecs.describeZones(new $Ecs.DescribeZonesRequest({ regionId: 'cn-hangzhou' }));
  out.zones = zones.body.zones.zone.map(z => z.zoneId);
  const created = await ecs.createKeyPair(new $Ecs.CreateKeyPairRequest({ regionId: 'cn-hangzhou', keyPairName: 'sdk-v3-key' }));
  out.createdKeyPair = created.body.keyPairName;
  out.privateKeyReturned = (created.body.privateKeyBody || '').includes('PRIVATE KEY');
  const listed = await ecs.describeKeyPairs(new $Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairName: 'sdk-v3-key' }));
  out.listedKeyPairs = listed.body.keyPairs.keyPair.map(k => k.keyPairName);
  await ecs.deleteKeyPairs(new $Ecs.DeleteKeyPairsRequest({ regionId: 'cn-hangzhou', keyPairNames: '["sdk-v3-key"]' }));
  const after = await ecs.describeKeyPairs(new $Ecs.DescribeKeyPairsRequest({ regionId: 'cn-hangzhou' }));
  out.keyPairsAfterDelete = after.body.keyPairs.keyPair.map(k => k.keyPairName);
  try {
    await client(process.env.SANDBOX_KEY_SECRET + 'x').describeRegions(new $Ecs.DescribeRegionsRequest({}));
    out.wrongSecret = 'accepted';
  } catch (e) {
    out.wrongSecret = e.code;
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch(e => {
  process.stderr.write(String(e && (e.stack || e.message) || e) + '\n');
  process.exit(1);
});
