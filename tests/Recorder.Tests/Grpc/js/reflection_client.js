#!/usr/bin/env node
// A client that has none of the API's .proto files: it lists the server's services through gRPC server reflection
// (grpc-js-reflection-client, version v1 or v1alpha), fetches the Recorder service's descriptors the same way, builds
// a @grpc/grpc-js client from them alone and calls GetStatus and GetContainer.
//
// Usage: reflection_client.js TARGET VERSION [ID]   (TARGET: host:port or unix:/path; VERSION: v1 or v1alpha)
// Prints one JSON object: {"services", "methods", "status": {code, details, response}, "get": {code, details, response}}.
'use strict';

const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const SERVICE = 'seccomp.recorder.v1.Recorder';
// No proxy: the tests talk to 127.0.0.1 or a socket in a temp dir, whatever the environment says.
const OPTIONS = { 'grpc.enable_http_proxy': 0 };

function call(client, method, request) {
  return new Promise((resolve) => {
    client[method](request, { deadline: Date.now() + 10000 }, (err, response) => {
      if (err) {
        resolve({ code: grpc.status[err.code], details: err.details });
      } else {
        resolve({ code: 'OK', details: '', response });
      }
    });
  });
}

async function main() {
  const [target, version, id] = process.argv.slice(2);
  const credentials = grpc.credentials.createInsecure();
  const reflection = new GrpcReflection(target, credentials, OPTIONS, version);
  const services = await reflection.listServices();
  const methods = (await reflection.listMethods(SERVICE)).map((m) => m.name);
  const descriptor = await reflection.getDescriptorBySymbol(SERVICE);
  const api = descriptor.getPackageObject({ keepCase: true, enums: String, longs: String, defaults: true });
  const client = new api.seccomp.recorder.v1.Recorder(target, credentials, OPTIONS);
  const status = await call(client, 'GetStatus', {});
  const get = await call(client, 'GetContainer', { id: id || 'c1' });
  client.close();
  process.stdout.write(JSON.stringify({ services, methods, status, get }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`reflection_client.js: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
