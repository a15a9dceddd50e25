import { expect, test } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expectNoAxeViolations, expectNoHorizontalScroll, signIn } from "./helpers";

// axe-core is injected as a script, which the pages' CSP (rightly) refuses.
test.use({ bypassCSP: true });

/** The mails the server has written, their quoted-printable bodies decoded. */
function mails(): string[] {
  const dir = process.env.ORKA_E2E_MAIL_DIR!;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => {
      const raw = readFileSync(join(dir, f), "utf8").replace(/\r\n/g, "\n").replace(/=\n/g, "");
      return decodeURIComponent(raw.replace(/%/g, "%25").replace(/=([0-9A-F]{2})/g, "%$1"));
    });
}

test("occupational health opens the page from its e-mail on a phone and says contact was made", async ({ browser }) => {
  // The demo's Fatima asked occupational health to contact her; the server mails it at start.
  await expect.poll(() => mails().length, { timeout: 15_000 }).toBeGreaterThan(0);
  const mail = mails().find((m) => m.includes("/talk/"))!;
  expect(mail).toContain("To: fhv@demokommun.example");
  expect(mail).not.toContain("Fatima");
  const link = mail.match(/https?:\/\/\S+\/talk\/\S+/)![0];

  // No sign-in: the link is the key.
  const page = await (await browser.newContext({ viewport: { width: 320, height: 640 }, bypassCSP: true })).newPage();
  await page.goto(new URL(link).pathname);
  await expect(page.getByRole("heading", { name: "Någon vill bli kontaktad" })).toBeVisible();
  await expect(page.locator("main")).toContainText("Fatima Ali på Demokommun har bett Demokommunens företagshälsovård att kontakta hen.");
  await expect(page.getByRole("link", { name: "fatima.ali@demokommun.example" })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: "Vi har tagit kontakt" }).click();
  await expect(page.getByRole("status")).toContainText("Markerad som kontaktad");
  await expect(page.getByRole("button", { name: "Vi har tagit kontakt" })).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

  test("an employee sends her wish to talk to occupational health and takes it back", async ({ page }) => {
    await signIn(page, "employee");
    await page.goto("/sharing");
    const card = page.locator('[data-scope="ask-to-talk"]');
    await expect(card).toContainText("företagshälsovården");
    await card.getByLabel("Företagshälsovård (din chef får inte veta något)").selectOption({ label: "Demokommunens företagshälsovård" });
    await card.getByRole("button", { name: "Skicka till företagshälsovården" }).click();
    await expect(page).toHaveURL(/\/sharing\?done=granted$/);
    const granted = page.locator('[data-scope="ask-to-talk"]');
    await expect(granted).toContainText("Delas med Demokommunens företagshälsovård (företagshälsovård)");
    // axe needs JavaScript; the page's accessibility is checked with it in a11y.spec.ts.
    await expectNoHorizontalScroll(page);
    await granted.getByRole("button", { name: "Ta tillbaka" }).click();
    await expect(page).toHaveURL(/\/sharing\?done=withdrawn$/);
    await expect(page.locator('[data-scope="ask-to-talk"]')).not.toContainText("Delas med Demokommunens företagshälsovård");
  });
});
