// oidc-provider 9 on 127.0.0.1, the authorization server of the login and
// refresh tests: public native clients, PKCE required, refresh tokens that
// rotate (a spent one is refused and revokes its grant), JWT access tokens
// carrying the claims a provider's tokens carry (OpenAI's account claims).
//
//   node server.mjs '<config JSON>'   → prints {"issuer": "http://127.0.0.1:<port>"}
//
// config: {
//   "clients": [{"client_id", "client_secret"?, "redirect_uris": [...], "scope"}],
//   "account": {"sub", "email", "claims": {<extra access-token claims>}},
//   "accessTokenTtl": seconds (default 3600)
// }
//
// Test-only routes beside the provider (never part of a provider's API):
//   GET  /_test/grants          every token request seen: {grant_type, refresh_token, ok, error}
//   POST /anthropic/token       Anthropic's JSON token request (which carries `state`)
//                               re-sent as the form oidc-provider accepts; the
//                               exchange itself is oidc-provider's.
//   GET  /interaction/<uid>     the "user": signs in as `account` and consents
//                               to what the client asked for.
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] ?? '{}');
const account = { sub: 'user-1', email: 'user@example.test', claims: {}, ...config.account };
const resource = 'urn:authtray:test-api';
const grants = [];

function start(port) {
  const issuer = `http://127.0.0.1:${port}`;
  const scopes = new Set(['openid', 'offline_access']);
  for (const client of config.clients ?? []) {
    for (const s of (client.scope ?? '').split(' ').filter(Boolean)) scopes.add(s);
  }
  const provider = new Provider(issuer, {
    clients: (config.clients ?? []).map((c) => ({
      client_id: c.client_id,
      redirect_uris: c.redirect_uris,
      application_type: 'native',
      // Public clients; an installed-app client with a (published) secret
      // sends it in the form, like Google's.
      token_endpoint_auth_method: c.client_secret ? 'client_secret_post' : 'none',
      ...(c.client_secret ? { client_secret: c.client_secret } : {}),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: c.scope,
    })),
    scopes: [...scopes],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: config.accessTokenTtl ?? 3600,
      IdToken: 3600,
      RefreshToken: 14 * 86400,
      Interaction: 600,
      Session: 600,
      Grant: 14 * 86400,
    },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: account.email }),
    }),
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: [...scopes].join(' '),
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: config.accessTokenTtl ?? 3600,
        }),
      },
    },
    extraTokenClaims: async () => account.claims,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['authtray-test-cookie-key'] },
  });
  provider.proxy = false;

  const record = (ctx, error) => {
    const params = ctx.oidc?.params ?? {};
    grants.push({
      grant_type: params.grant_type ?? null,
      refresh_token: params.refresh_token ?? null,
      ok: !error,
      error: error ? (error.error ?? String(error)) : null,
    });
  };
  provider.on('grant.success', (ctx) => record(ctx, null));
  provider.on('grant.error', (ctx, error) => record(ctx, error));

  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/_test/grants') {
      ctx.body = grants;
      return;
    }
    if (ctx.method === 'POST' && ctx.path === '/anthropic/token') {
      await anthropicToken(ctx, issuer);
      return;
    }
    if (ctx.method === 'GET' && ctx.path.startsWith('/interaction/')) {
      await interact(provider, ctx);
      return;
    }
    await next();
  });
  const server = provider.listen(port, '127.0.0.1', () => {
    const actual = server.address().port;
    if (port === 0) {
      // The issuer names its port: restart on the one we were given.
      server.close(() => start(actual));
      return;
    }
    process.stdout.write(`${JSON.stringify({ issuer })}\n`);
  });
}

async function interact(provider, ctx) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session } = details;
  let result;
  if (prompt.name === 'login') {
    result = { login: { accountId: account.sub } };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const d = prompt.details;
    if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
    if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
    for (const [indicator, s] of Object.entries(d.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, s.join(' '));
    }
    result = { consent: { grantId: await grant.save() } };
  }
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.respond = false;
}

async function anthropicToken(ctx, issuer) {
  let raw = '';
  for await (const chunk of ctx.req) raw += chunk;
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    ctx.status = 400;
    ctx.body = { error: 'invalid_request', error_description: 'the body is not JSON' };
    return;
  }
  if (body.grant_type === 'authorization_code' && typeof body.state !== 'string') {
    ctx.status = 400;
    ctx.body = { error: 'invalid_request', error_description: 'state is required' };
    return;
  }
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) if (k !== 'state') form.set(k, String(v));
  const res = await fetch(`${issuer}/token`, { method: 'POST', body: form });
  ctx.status = res.status;
  ctx.type = 'application/json';
  ctx.body = await res.text();
}

start(Number(process.env.OIDC_PORT ?? 0));
