import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The hashes of the inline scripts of the built index.html (the colour-scheme script that runs
 * before the first paint, the preloads of the first answers …): allowing exactly these keeps
 * `'unsafe-inline'` out of script-src.
 */
function inlineScriptHashes(webDist: string | null): string[] {
  if (webDist === null) return [];
  const file = path.join(webDist, 'index.html');
  if (!fs.existsSync(file)) return [];
  const html = fs.readFileSync(file, 'utf8');
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(match[1] ?? '')) continue;
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(match[2] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return hashes;
}

/**
 * Security headers on every answer (HTML, API, docs). The CSP allows this server's own scripts
 * (plus the hashed inline one), styles with inline ones (Mantine writes its CSS variables in a
 * <style> element and positions popovers with style attributes), fonts and images from here or
 * data: URLs (the favicon), and fetch/EventSource to this origin only. No page may frame the app.
 * HSTS is left to whatever terminates TLS in front of the server: on plain HTTP it would make a
 * browser refuse http://localhost and LAN addresses for a year.
 */
export async function registerSecurityHeaders(app: FastifyInstance, webDist: string | null): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'", ...inlineScriptHashes(webDist)],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
