// A tiny static file server for the built site, on 127.0.0.1 and a free port.
// It serves what a plain static host would: `/dir/` -> `/dir/index.html`, `/dir` -> redirect to
// `/dir/`, and unknown paths -> the site's 404 page (`/en/404.html` under `/en/`) with status 404.
// Every response carries Content-Length, so the page-weight check counts what goes on the wire.
// With a mount (`/laporan`) the site is served in that folder of the host only, as a site whose
// base_url names a folder meets it: `/laporan/x` is `<root>/x`, `/laporan` redirects to
// `/laporan/`, and every address outside the folder is a bare 404 (not the site's 404 page,
// so a page that asks for `/css/warta.css` gets no stylesheet, as it would on such a host).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDir(p) {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Starts the server; resolves to { url, base, close() }: `url` is the origin, `base` the
 *  origin and the mount. `port` 0 takes a free one. */
export async function serve(root, { mount = '', port = 0 } = {}) {
  if (mount && !/^\/[^/]+(\/[^/]+)*$/.test(mount)) throw new Error(`mount must be /folder, not ${mount}`);
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (mount && url.pathname === mount) {
        res.writeHead(301, { Location: mount + '/' + url.search, 'Content-Length': 0 });
        res.end();
        return;
      }
      if (mount && !url.pathname.startsWith(mount + '/')) {
        const body = `404: ${url.pathname} is outside ${mount}/\n`;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      let rel;
      try {
        rel = decodeURIComponent(url.pathname.slice(mount.length));
      } catch {
        rel = '/';
      }
      // Never serve outside the root.
      const target = path.resolve(base, '.' + path.posix.normalize(rel));
      let file = null;
      let status = 200;
      if (target === base || target.startsWith(base + path.sep)) {
        if (await isFile(target)) {
          file = target;
        } else if (await isDir(target)) {
          if (!rel.endsWith('/')) {
            res.writeHead(301, { Location: url.pathname + '/' + url.search, 'Content-Length': 0 });
            res.end();
            return;
          }
          if (await isFile(path.join(target, 'index.html'))) file = path.join(target, 'index.html');
        }
      }
      if (!file) {
        status = 404;
        const lang = rel.match(/^\/([a-z]{2})\//);
        const localized = lang && path.join(base, lang[1], '404.html');
        file = localized && (await isFile(localized)) ? localized : path.join(base, '404.html');
      }
      const body = await readFile(file);
      const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: origin,
    base: origin + mount,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
