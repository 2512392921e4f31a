// Runs the Linux-side peers for test binaries that cannot start Node
// themselves (the Windows tests, which run under Wine):
// - `POST /start` with a server.mjs config starts a test authorization
//   server on a free port and answers its first line, {"issuer": ...};
//   the servers end with the broker.
// - `POST /run` with {argv, env, stdin} runs a program (OpenClaw, to read
//   back what the Windows Authtray wrote) and answers {code, stdout,
//   stderr}. Windows paths in argv and env (`C:\...`, `Z:\...`) are turned
//   into the Linux paths Wine maps them to (`$WINEPREFIX/dosdevices`).
//
//   node broker.mjs   → prints {"broker": "http://127.0.0.1:<port>"}
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import http from 'node:http';

const serverScript = new URL('./server.mjs', import.meta.url).pathname;
const children = [];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'authtray-broker-'));

const dosdevices = path.join(process.env.WINEPREFIX ?? `${process.env.HOME}/.wine`, 'dosdevices');
// A Windows path, or a Linux one a Windows program extended with `\`.
const unixPath = (value) => {
  const drive = /^([A-Za-z]):\\(.*)$/s.exec(value);
  if (drive) return path.join(dosdevices, `${drive[1].toLowerCase()}:`, ...drive[2].split('\\'));
  return value.startsWith('/') ? value.replaceAll('\\', '/') : value;
};

function run(body, res) {
  const { argv, env = {}, stdin = '' } = JSON.parse(body);
  const [program, ...args] = argv.map(unixPath);
  const childEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) childEnv[k] = unixPath(v);
  // In a scratch folder: a Windows path OpenClaw cannot follow lands there.
  const child = spawn(program, args, { env: childEnv, cwd: scratch });
  const out = { stdout: [], stderr: [] };
  child.stdout.on('data', (c) => out.stdout.push(c));
  child.stderr.on('data', (c) => out.stderr.push(c));
  child.on('error', (e) => res.writeHead(500).end(JSON.stringify({ error: String(e) })));
  child.on('close', (code) => {
    if (res.headersSent) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      code: code ?? 128,
      stdout: Buffer.concat(out.stdout).toString('utf8'),
      stderr: Buffer.concat(out.stderr).toString('utf8'),
    }));
  });
  child.stdin.end(stdin);
}

const broker = http.createServer((req, res) => {
  if (req.method !== 'POST' || !['/start', '/run', '/path'].includes(req.url)) {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    if (req.url === '/run') {
      run(body, res);
      return;
    }
    if (req.url === '/path') {
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ path: unixPath(JSON.parse(body).path) }));
      return;
    }
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
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
broker.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ broker: `http://127.0.0.1:${broker.address().port}` })}\n`);
});
