// A tiny static file server for the repo root, so a browser can load examples/playground/ and the
// dist/ build it imports. No dependency: node:http only. Binds to 127.0.0.1.
//   node scripts/serve.mjs [--port N]    (N = 0 picks a free port; default 8080, or $PORT)
// It prints the playground's URL once it listens (tests read that line).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.safetensors': 'application/octet-stream',
};

function portFromArgs(argv) {
  const i = argv.indexOf('--port');
  const value = i >= 0 ? argv[i + 1] : process.env.PORT ?? '8080';
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port must be an integer from 0 to 65535, got ${value}`);
    process.exit(2);
  }
  return port;
}

/** The file a URL path names inside root, or null when it would leave root. */
function resolvePath(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = normalize(join(root, path));
  return file.startsWith(root) ? file : null;
}

const server = createServer((req, res) => {
  const send = (status, text) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
  let file = resolvePath(req.url ?? '/');
  if (file === null) return send(403, 'forbidden');
  let stat;
  try {
    stat = statSync(file);
    if (stat.isDirectory()) {
      if (!file.endsWith(sep)) {
        res.writeHead(301, { location: `${req.url.split('?')[0]}/` });
        return res.end();
      }
      file = join(file, 'index.html');
      stat = statSync(file);
    }
  } catch {
    return send(404, `not found: ${req.url}${req.url.startsWith('/dist/') ? ' (run "npm run build" first)' : ''}`);
  }
  res.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
});

server.on('error', (error) => {
  console.error(`serve: ${error.message}`);
  process.exit(1);
});

server.listen(portFromArgs(process.argv.slice(2)), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`torchlet playground: http://127.0.0.1:${port}/examples/playground/`);
});
