import { expect, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { baseURL, providers } from "../playwright.config";
// Its types come from client/schema.d.ts, which step 1 generates; only the compile reads them.
import { weeklyCheckIn } from "../client/orka";

// The API a native app lives on: a client typed from the server's own OpenAPI document
// (openapi-typescript, openapi-fetch) must compile against it, get an access token from the
// employer's provider as an app does, and do a check-in with it.

const root = join(__dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** Runs a build tool; its output becomes the failure message. */
function run(tool: string, args: string[]) {
  try {
    execFileSync(bin(tool), args, { cwd: root, stdio: "pipe" });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`${tool} failed:\n${err.stdout?.toString() ?? ""}${err.stderr?.toString() ?? ""}`);
  }
}

const base64url = (b: Buffer) => b.toString("base64url");

test("a client generated from the API document signs in with a bearer token and checks in", async ({ page, context }) => {
  // Nothing leaves this machine (the provider's pages ask for web fonts).
  await context.route((url) => url.hostname !== "127.0.0.1", (route) => route.abort());

  // 1. Generated from what the server serves, and compiled with the strictest settings.
  run("openapi-typescript", [`${baseURL}/api/v1/openapi.json`, "-o", "client/schema.d.ts"]);
  run("tsc", ["-p", "client"]);

  // 2. The person exists at the employer once they have signed in on the web.
  const login = "app-user";
  await page.goto("/signin");
  await page.locator('a[data-employer="umea"]').click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
  await expect(page).toHaveURL(/:\d+\/$/);

  // 3. The app's own sign-in at the provider: authorization code with PKCE, loopback redirect.
  const issuer = `http://127.0.0.1:${providers.umea}`;
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash("sha256").update(verifier).digest());
  const redirect = "http://127.0.0.1/callback";
  let code = "";
  await page.route(`${redirect}**`, async (route) => {
    code = new URL(route.request().url()).searchParams.get("code") ?? "";
    await route.fulfill({ status: 200, contentType: "text/plain", body: "signed in" });
  });
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: "orka-app",
    response_type: "code",
    redirect_uri: redirect,
    scope: "openid orka",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state: base64url(randomBytes(16)),
  }).toString();
  await page.goto(authorize.href);
  // The provider remembers the sign-in and asks once to let the app in.
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
  await expect.poll(() => code).not.toBe("");
  const tokens = await (
    await fetch(`${issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirect,
        client_id: "orka-app",
        code_verifier: verifier,
      }),
    })
  ).json();
  expect(typeof tokens.access_token, JSON.stringify(tokens)).toBe("string");

  // 4. The generated client, with nothing but the token.
  const done = await weeklyCheckIn(baseURL, tokens.access_token, {
    stress: 2,
    work_ability: 8,
    who5: [4, 4, 3, 4, 3],
    wants_to_talk: false,
    note: "från appen",
  });
  expect(done.me.display_name).toBe("App User");
  expect(done.result.check_in.week).toBe(done.week);
  expect(done.stored.note).toBe("från appen");

  // A token the provider did not sign is refused with a problem, not a page.
  const refused = await fetch(`${baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${tokens.access_token}x` } });
  expect(refused.status).toBe(401);
});
