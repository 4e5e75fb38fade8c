import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person the test provider knows. */
export interface OidcTestUser {
  accountId: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface TestOidcProvider {
  /** The issuer URL (http://localhost:PORT): UDN_OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the one client with UDN's callback URL (known only once UDN listens). */
  allowRedirect(redirectUri: string): void;
  /** Who the next sign-in at the provider is: its interaction logs this person in, no form. */
  signInAs(accountId: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider 8) on a free localhost port: discovery, JWKS,
 * authorization code + PKCE, ID tokens and userinfo with email + email_verified claims. Its login
 * and consent steps finish at once as the person named by `signInAs`, so tests and browsers go
 * through the real redirects without a form. It listens on `localhost` so a cookie jar keyed by
 * host keeps its cookies apart from a UDN server on 127.0.0.1.
 */
export async function startOidcProvider(users: readonly OidcTestUser[]): Promise<TestOidcProvider> {
  const clientId = 'udn-test-client';
  const clientSecret = 'udn-test-client-secret-0123456789abcdef';
  const signingKey = crypto
    .generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ format: 'jwk' });
  let provider: Provider | null = null;
  let next = users[0]?.accountId ?? '';

  const finishInteraction = async (req: http.IncomingMessage, res: http.ServerResponse, live: Provider) => {
    const details = await live.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      await live.interactionFinished(
        req,
        res,
        { login: { accountId: next } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const accountId = details.session?.accountId ?? next;
    const grant = new live.Grant({ accountId, clientId });
    grant.addOIDCScope('openid email profile');
    const grantId = await grant.save();
    await live.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  };

  const server = http.createServer((req, res) => {
    const live = provider;
    if (!live) {
      res.statusCode = 503;
      res.end('the test provider has no client yet');
      return;
    }
    if (req.url?.startsWith('/interaction/')) {
      finishInteraction(req, res, live).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    live.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;

  const build = (redirectUris: string[]): Provider =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      scopes: ['openid', 'email', 'profile'],
      features: { devInteractions: { enabled: false } },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      pkce: { required: () => true, methods: ['S256'] },
      cookies: { keys: ['udn-test-provider-cookie-key'] },
      jwks: { keys: [{ ...signingKey, kid: 'udn-test', use: 'sig', alg: 'RS256' }] },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      async findAccount(_ctx: unknown, sub: string) {
        const user = users.find((u) => u.accountId === sub);
        if (!user) return undefined;
        return {
          accountId: sub,
          async claims() {
            return { sub, email: user.email, email_verified: user.emailVerified, name: user.name };
          },
        };
      },
    });
  // Discovery answers from the start; the client's redirect is registered once UDN listens.
  provider = build([]);

  return {
    issuer,
    clientId,
    clientSecret,
    allowRedirect(redirectUri) {
      provider = build([redirectUri]);
    },
    signInAs(accountId) {
      if (!users.some((u) => u.accountId === accountId))
        throw new Error(`the test provider knows no ${accountId}`);
      next = accountId;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
