// @kubernetes/client-node against a simulated cluster: create, list, patch, watch, exec, port-forward.
// Usage: node client-node-check.mjs KUBECONFIG CONTEXT NAMESPACE. Prints one JSON object of what it saw; exits 1 on error.
import * as k8s from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import http from 'node:http';
import net from 'node:net';

const [kubeconfig, context, ns] = process.argv.slice(2);
const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
kc.setCurrentContext(context);
const core = kc.makeApiClient(k8s.CoreV1Api);
const result = {};

function collector() {
  const sink = { text: '' };
  sink.stream = new Writable({ write(chunk, _enc, done) { sink.text += chunk.toString(); done(); } });
  return sink;
}

function within(ms, what, promise) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(what + ' took over ' + ms + ' ms')), ms))]);
}

async function main() {
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'from-node' }, data: { a: '1' } } });
  const list = await core.listNamespacedConfigMap({ namespace: ns });
  result.listed = list.items.map((i) => i.metadata.name).sort();

  await core.patchNamespacedConfigMap({ namespace: ns, name: 'from-node', body: { data: { b: '2' } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  result.patched = (await core.readNamespacedConfigMap({ namespace: ns, name: 'from-node' })).data;

  const events = [];
  const watch = new k8s.Watch(kc);
  let seen;
  const added = new Promise((resolve) => { seen = resolve; });
  const request = await watch.watch(`/api/v1/namespaces/${ns}/configmaps`, {}, (type, obj) => {
    events.push(type + ' ' + obj.metadata.name);
    if (type === 'ADDED' && obj.metadata.name === 'watched') {
      seen();
    }
  }, () => {});
  await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'watched' } } });
  await within(20000, 'the watch event', added);
  request.abort();
  result.watched = events.filter((e) => e.endsWith(' watched'));

  const exec = new k8s.Exec(kc);
  const out = collector();
  const err = collector();
  result.exec = await within(20000, 'exec', new Promise((resolve, reject) => {
    exec.exec(ns, 'box', 'box', ['sh', '-c', 'echo from-node on $(hostname); echo oops >&2; exit 3'], out.stream, err.stream, null, false,
      (status) => resolve({ status: status.status, reason: status.reason, code: status.details?.causes?.[0]?.message }))
      .catch(reject);
  }));
  await new Promise((r) => setTimeout(r, 200));
  result.exec.stdout = out.text;
  result.exec.stderr = err.text;

  const forward = new k8s.PortForward(kc);
  const server = net.createServer((socket) => { forward.portForward(ns, 'web', [80], socket, null, socket).catch(() => socket.destroy()); });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  result.portForward = await within(20000, 'port-forward', new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, nginx: body.includes('Welcome to nginx!') }));
    }).on('error', reject);
  }));
  server.close();
}

main().then(() => {
  console.log(JSON.stringify(result));
  process.exit(0);
}, (e) => {
  console.error('client-node check failed: ' + (e && e.stack ? e.stack : e));
  console.log(JSON.stringify(result));
  process.exit(1);
});
