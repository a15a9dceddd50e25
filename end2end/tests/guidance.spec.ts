import { expect, test } from "@playwright/test";
import { answerCheckIn, expectNoAxeViolations, expectNoHorizontalScroll, signIn, underServiceWorker } from "./helpers";

// axe-core is injected as a script, which the pages' CSP (rightly) refuses.
test.use({ bypassCSP: true });

test("find an article by search, open it, and read it again offline", async ({ page, context }) => {
  await underServiceWorker(page, "/guidance");
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  // A Swedish inflection finds the article, with the matching word marked.
  await page.locator("#q").fill("stressad");
  await page.getByRole("button", { name: "Sök" }).click();
  await expect(page).toHaveURL(/q=stressad/);
  await expect(page.locator("mark").first()).toHaveText("Stress");
  await expectNoAxeViolations(page);
  await page.locator('a[data-article="stress-and-recovery"]').click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stress och återhämtning");
  await expect(page.getByRole("heading", { name: "Vem kan du kontakta?" })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  await context.setOffline(true);
  await page.goto("/guidance/stress-and-recovery");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stress och återhämtning");
  // The core set is there without ever having been opened.
  await page.goto("/guidance/crisis-contacts");
  await expect(page.locator('a[href="tel:90101"]')).toBeVisible();
  // The list shows what can be read offline.
  await page.goto("/guidance");
  await expect(page.locator('li:has(a[data-article="stress-and-recovery"]) .offline-badge')).toBeVisible();
  await expect(page.locator('li:has(a[data-article="sleep"]) .offline-badge')).toBeHidden();
  await context.setOffline(false);
});

test("an article kept for offline reading shows nothing of the person who opened it", async ({ page, context }) => {
  // A sick-listed person's menu says they have a rehabilitation case of their own.
  await signIn(page, "sicklisted");
  await underServiceWorker(page, "/guidance");
  await page.goto("/guidance/sleep");
  await expect(page.locator('nav a[href="/rehab"]')).toBeVisible();
  const kept = (path: string) =>
    page.evaluate(async (p) => {
      const hit = await (await caches.open("orka-guidance")).match(p);
      return hit ? (await hit.text()).includes('action="/auth/signout"') : "not kept";
    }, path);
  await expect.poll(() => kept("/guidance/sleep")).toBe(false);
  expect(await kept("/guidance/crisis-contacts")).toBe(false);

  // The session runs out without anyone signing out; the next person picks up the phone offline.
  await context.clearCookies();
  await context.setOffline(true);
  await page.goto("/guidance/sleep");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator('a[href="/rehab"]')).toHaveCount(0);
  await expect(page.locator('form[action="/auth/signout"]')).toHaveCount(0);
  await context.setOffline(false);
});

test("a low check-in leads straight to the article its answers call for", async ({ page }) => {
  await signIn(page, "sicklisted");
  await page.goto("/checkin?edit=1");
  await page.locator('.check-in[data-ready="true"]').waitFor();
  await answerCheckIn(page, 5, 2);
  await page.getByRole("button", { name: "Skicka" }).click();
  const recommended = page.locator("a[data-recommended]");
  await expect(recommended.first()).toBeVisible();
  const slug = await recommended.first().getAttribute("data-recommended");
  await recommended.first().click();
  await expect(page).toHaveURL(new RegExp(`/guidance/${slug}$`));
  await expect(page.getByRole("heading", { name: "Var det här till hjälp?" })).toBeVisible();

  // One tap, with no JavaScript needed, and the answer is thanked for.
  await page.getByRole("button", { name: "Ja", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("utan koppling till dig");
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the library is searchable and readable", async ({ page }) => {
    await page.goto("/guidance?q=s%C3%B6mnen");
    await expect(page.locator('a[data-article="sleep"]')).toBeVisible();
    await page.locator("#topic").selectOption("leadership");
    await page.getByRole("button", { name: "Sök" }).click();
    await expect(page).toHaveURL(/topic=leadership/);
    await page.goto("/guidance?topic=leadership");
    await expect(page.locator("a[data-article]")).toHaveCount(3);
    await page.locator('a[data-article="what-managers-may-ask"]').click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("vad du får och inte får fråga");
  });
});
