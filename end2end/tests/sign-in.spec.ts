import { test, expect, Page, BrowserContext } from "@playwright/test";
import { providers } from "../playwright.config";
import { expectNoAxeViolations, expectNoHorizontalScroll } from "./helpers";

// Sign-in with each employer's own OpenID Connect provider (`oidc-provider` on loopback, with
// its development login form), as people do it on their phones: with and without JavaScript.

/** Nothing in these tests may leave this machine (the provider's page asks for web fonts). */
async function stayLocal(context: BrowserContext) {
  await context.route(
    (url) => url.hostname !== "127.0.0.1",
    (route) => route.abort(),
  );
}

/** From Orka's sign-in page through the provider's login and consent, back to Orka. */
async function signInAt(page: Page, employer: "umea" | "vindeln", login: string) {
  await page.goto("/signin");
  await page.locator(`a[data-employer="${employer}"]`).click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${providers[employer]}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  // The provider asks once to let Orka see the profile.
  await page.locator('button[type="submit"]', { hasText: "Continue" }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
}

async function me(page: Page) {
  const res = await page.request.get("/api/v1/me");
  expect(res.status()).toBe(200);
  return res.json();
}

for (const js of [true, false]) {
  test.describe(js ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: js });

    test("a person signs in with their employer, lands on their own page and signs out", async ({ page, context }) => {
      await stayLocal(context);
      await signInAt(page, "umea", "anna-lind");
      // Their own start page, greeting them by the name their employer's provider gave.
      await expect(page.locator("h1")).toContainText("Anna Lind");
      const anna = await me(page);
      expect(anna.employer.name).toBe("Umeå kommun");

      if (js) {
        // What a shared phone could keep of the person: stored values and cached responses.
        await page.evaluate(async () => {
          localStorage.setItem("left-behind", "anna");
          await (await caches.open("left-behind")).put("/left-behind", new Response("anna"));
        });
      }
      await page.locator('form[action="/auth/signout"] button').click();
      // Orka ends its session, then the provider's own (RP-initiated logout).
      await page.locator('button[name="logout"]').click();
      await expect(page).toHaveURL(/\/signin\?signed_out=1$/);
      await expect(page.locator('[role="status"]')).toBeVisible();
      expect((await page.request.get("/api/v1/me")).status()).toBe(401);
      if (js) {
        // Clear-Site-Data at sign-out: nothing stays, the service worker and its push
        // subscription included.
        const left = await page.evaluate(async () => ({
          stored: localStorage.getItem("left-behind"),
          cached: await caches.has("left-behind"),
        }));
        expect(left).toEqual({ stored: null, cached: false });
      }
    });
  });
}

test("a second employer with its own provider is isolated from the first", async ({ browser }) => {
  const people: Record<string, { id: string; employer: { name: string } }> = {};
  for (const employer of ["umea", "vindeln"] as const) {
    const context = await browser.newContext();
    await stayLocal(context);
    const page = await context.newPage();
    // The same user name at both providers: two different people at two employers.
    await signInAt(page, employer, "kim-berg");
    people[employer] = await me(page);
    const listed = await (await page.request.get("/api/v1/people")).json();
    expect(listed.items.map((p: { id: string }) => p.id)).toEqual([people[employer].id]);
    await context.close();
  }
  expect(people.umea.employer.name).toBe("Umeå kommun");
  expect(people.vindeln.employer.name).toBe("Vindelns kommun");
  expect(people.umea.id).not.toBe(people.vindeln.id);
});

test.describe("administration", () => {
  // axe-core is injected as a script, which the page's CSP (rightly) refuses.
  test.use({ bypassCSP: true });

  test("an admin manages the employer's sign-in settings without ever seeing the secret", async ({ page, context }) => {
    await stayLocal(context);
    await signInAt(page, "umea", "ali-admin");
    await page.goto("/admin");
    await expect(page.locator("h1")).toContainText("Umeå kommun");
    expect(await page.content()).not.toContain("e2e-client-secret");
    await expectNoHorizontalScroll(page);
    await expectNoAxeViolations(page);

    await page.locator("#role_map").fill("orka-admins=wizard");
    await page.locator('form[action="/admin/employer"] button[type="submit"]').click();
    await expect(page.locator("#role_map-error")).toBeVisible();
    await expect(page.locator("#role_map")).toHaveValue("orka-admins=wizard");
    await expectNoAxeViolations(page);

    await page.locator("#role_map").fill("orka-admins=admin");
    await page.locator("#api_audience").fill("orka-api");
    await page.locator('form[action="/admin/employer"] button[type="submit"]').click();
    await expect(page).toHaveURL(/\/admin\?saved=1$/);
    await expect(page.locator('[role="status"]')).toBeVisible();
    await expect(page.locator("#api_audience")).toHaveValue("orka-api");
  });
});

test("people who are not admins are told the admin page is not for them", async ({ page, context }) => {
  await stayLocal(context);
  await signInAt(page, "vindeln", "sam-ek");
  const res = await page.goto("/admin");
  expect(res?.status()).toBe(403);
  await expect(page.locator('[role="alert"]')).toBeVisible();
});
