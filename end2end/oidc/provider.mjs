// A real OpenID Connect provider on loopback for the browser tests: `oidc-provider` with its
// development login form, which accepts any user name (the password is not checked). Each
// employer in the tests gets its own provider on its own port.
//
//   node oidc/provider.mjs <port> <orka base URL> <employer slug>
//
// The user name becomes `sub`; a name ending in "-admin" is in the `orka-admins` group.
import Provider from "oidc-provider";

const [port, orka, slug] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "orka",
      client_secret: "e2e-client-secret",
      // Each employer's own address: an answer can only finish a sign-in started there.
      redirect_uris: [`${orka}/auth/callback/${slug}`],
      post_logout_redirect_uris: [`${orka}/signin?signed_out=1`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    {
      // The mobile app: a public native client (authorization code with PKCE, loopback
      // redirect), whose access tokens are JWTs for Orka's API (`aud` orka-api).
      client_id: "orka-app",
      application_type: "native",
      redirect_uris: ["http://127.0.0.1/callback"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    },
  ],
  // Orka reads name, e-mail and groups from the ID token itself.
  conformIdTokenClaims: false,
  claims: {
    openid: ["sub"],
    profile: ["name"],
    email: ["email"],
    groups: ["groups"],
  },
  scopes: ["openid", "profile", "email", "groups", "orka"],
  features: {
    // Only the app's tokens are for the API; Orka's own sign-in keeps its opaque token.
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, client) => (client && client.clientId === "orka-app" ? "urn:orka:api" : undefined),
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: "orka",
        audience: "orka-api",
        accessTokenFormat: "jwt",
        accessTokenTTL: 600,
      }),
    },
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  findAccount: async (_ctx, sub) => ({
    accountId: sub,
    claims: async () => ({
      sub,
      name: sub
        .split(/[-.]/)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(" "),
      email: `${sub}@example.se`,
      groups: sub.endsWith("-admin") ? ["orka-admins"] : ["all-staff"],
    }),
  }),
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`OpenID Connect provider at ${issuer}`);
});
