// Starts test authorization servers for test binaries that cannot start
// Node themselves (the Windows tests, which run under Wine): each
// `POST /start` with a server.mjs config starts one on a free port and
// answers its first line, {"issuer": ...}. They end with the broker.
//
//   node broker.mjs   → prints {"broker": "http://127.0.0.1:<port>"}
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import http from 'node:http';

const serverScript = new URL('./server.mjs', import.meta.url).pathname;
const children = [];

const broker = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/start') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const child = spawn(process.execPath, [serverScript, body], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    createInterface({ input: child.stdout }).once('line', (line) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(line);
    });
    child.once('exit', (code) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ exit: code }));
    });
  });
});

const stop = () => {
  for (const c of children) c.kill();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
broker.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ broker: `http://127.0.0.1:${broker.address().port}` })}\n`);
});
