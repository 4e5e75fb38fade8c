import { config } from 'zod';

// The server's Content-Security-Policy forbids eval: zod would otherwise probe `Function('')` to
// compile its parsers, which the browser blocks and reports as a violation on every page load.
// Imported first by main.tsx, before any schema parses.
config({ jitless: true });
