import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultMailer } from '../../auth/mailer.ts';
import { type SsoConfig, ssoConfigFromEnv, ssoSummary } from '../../auth/sso-config.ts';

const authOptionsSchema = z.object({
  sso: z.object({ enabled: z.boolean(), name: z.string().nullable() }),
  smtp: z.boolean(),
});

/**
 * What the sign-in page offers before anyone is signed in: the single sign-on button (and its
 * label), and whether "forgot password" can mail a link or the person must ask an admin.
 */
export function authOptionsRoutes(
  options: { sso: SsoConfig | null; smtp: boolean } = {
    sso: ssoConfigFromEnv(),
    smtp: defaultMailer() !== null,
  },
): FastifyPluginAsyncZod {
  const answer = { sso: ssoSummary(options.sso), smtp: options.smtp };
  return async (app) => {
    app.get(
      '/auth-options',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'How people sign in here: single sign-on, and whether reset links are mailed',
          response: { 200: authOptionsSchema },
        },
      },
      async () => answer,
    );
  };
}
