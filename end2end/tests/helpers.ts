import { expect, Page } from "@playwright/test";
import { join } from "node:path";

export const axePath = join(__dirname, "..", "node_modules", "axe-core", "axe.min.js");

/** Signs in through the demo sign-in page, as a person would. */
export async function signIn(page: Page, persona: string) {
  await page.goto("/signin");
  await page.locator(`button[data-persona="${persona}"]`).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Opens `path` and waits until Orka's service worker controls it (installed, then a reload). */
export async function underServiceWorker(page: Page, path: string) {
  await page.goto(path);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** Runs axe-core on the current page; WCAG 2.1 A and AA rules. */
export async function expectNoAxeViolations(page: Page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(result, `axe violations on ${page.url()}`).toEqual([]);
}

/** Nothing may scroll sideways on a phone. */
export async function expectNoHorizontalScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(client);
}

/** Answers the weekly questions by tapping the visible labels. */
export async function answerCheckIn(page: Page, stress: number, workAbility: number) {
  await page.locator(`label[for="stress-${stress}"]`).click();
  await page.locator(`label[for="work_ability-${workAbility}"]`).click();
  const who5 = page.locator("#q-who5-1");
  if (await who5.count()) {
    for (let i = 1; i <= 5; i++) await page.locator(`label[for="who5_${i}-2"]`).click();
  }
}
