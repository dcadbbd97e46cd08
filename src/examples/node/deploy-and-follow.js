#!/usr/bin/env node
// Deploys a server through ECS Provisioner's automation interface over AMQP 1.0 (rhea) and prints its events.
//
// Subscribes to ecs.events (only this request's events, by the cloudEvents_requestid selector), then sends one deploy
// command to ecs.commands, and prints each event until the job succeeds (exit 0), fails or the command is rejected
// (exit 1). Connection problems and refusals exit 2; no end within the time-out exits 3. The broker user and password
// come from the environment (ECS_BROKER_USER, ECS_BROKER_PASSWORD), never from the command line.
//
//   ECS_BROKER_USER=billing ECS_BROKER_PASSWORD=... node deploy-and-follow.js --profile sandbox --server-name web-1
'use strict';

const crypto = require('crypto');
const rhea = require('rhea');

const FINAL = {
  'com.ecsprovisioner.job.succeeded.v1': 0,
  'com.ecsprovisioner.job.failed.v1': 1,
  'com.ecsprovisioner.command.rejected.v1': 1,
};

function options(argv) {
  const parsed = { host: '127.0.0.1', port: 61616, timeout: 600 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--host') parsed.host = value;
    else if (name === '--port') parsed.port = Number(value);
    else if (name === '--profile') parsed.profile = value;
    else if (name === '--server-name') parsed.serverName = value;
    else if (name === '--request-id') parsed.requestId = value;
    else if (name === '--timeout') parsed.timeout = Number(value);
    else throw new Error(`unknown option ${name}`);
  }
  if (!parsed.profile || !parsed.serverName) throw new Error('--profile and --server-name are required');
  return parsed;
}

function main() {
  let args;
  try {
    args = options(process.argv.slice(2));
  } catch (e) {
    console.error(`${e.message}\nusage: deploy-and-follow.js --profile NAME|ID --server-name NAME [--request-id ID] [--host H] [--port P] [--timeout S]`);
    process.exit(2);
  }
  const user = process.env.ECS_BROKER_USER;
  const password = process.env.ECS_BROKER_PASSWORD;
  if (!user || !password) {
    console.error('Set ECS_BROKER_USER and ECS_BROKER_PASSWORD');
    process.exit(2);
  }
  const command = {
    type: 'deploy',
    requestId: args.requestId || `node-${crypto.randomUUID()}`,
    profile: args.profile,
    serverName: args.serverName,
  };

  const container = rhea.create_container();
  let connection;
  const finish = (code, reason) => {
    if (reason) console.error(reason);
    clearTimeout(timer);
    if (connection) connection.close();
    // The exit code is what callers read; nothing else is pending once the job has ended.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 200);
  };
  const timer = setTimeout(() => finish(3, `no end of the job within ${args.timeout} s`), args.timeout * 1000);
  const refused = (what) => (context) => {
    const error = (context.sender || context.receiver || context.connection || {}).error || context.error;
    finish(2, `${what}: ${error ? (error.description || error.condition || error.message || error) : 'closed'}`);
  };

  container.on('receiver_open', (context) => {
    // The subscription exists before the command is sent, so that no event of it can be missed.
    const sender = context.connection.open_sender('ecs.commands');
    sender.once('sendable', () => {
      sender.send({ body: JSON.stringify(command), content_type: 'application/json', durable: true });
      console.log(`sent ${command.type} ${command.requestId}`);
    });
  });
  container.on('rejected', (context) => finish(2, `the broker refused the command: ${JSON.stringify(context.delivery.remote_state)}`));
  container.on('message', (context) => {
    let body = context.message.body;
    if (body && body.typecode !== undefined) body = body.content; // a Data section
    if (Buffer.isBuffer(body)) body = body.toString('utf8');
    const event = JSON.parse(body);
    console.log(`${event.type} subject=${event.subject} data=${JSON.stringify(event.data)}`);
    if (event.type in FINAL) finish(FINAL[event.type]);
  });
  container.on('sender_error', refused('refused'));
  container.on('receiver_error', refused('refused'));
  container.on('connection_error', refused('connection refused'));
  container.on('error', (e) => finish(2, `connection failed: ${e.message || e}`));
  container.on('disconnected', (context) => finish(2, `connection failed: ${context.error ? context.error.message || context.error : 'disconnected'}`));

  connection = container.connect({ host: args.host, port: args.port, username: user, password, reconnect: false });
  connection.open_receiver({
    source: { address: 'ecs.events', filter: rhea.filter.selector(`cloudEvents_requestid = '${command.requestId}'`) },
  });
}

main();
