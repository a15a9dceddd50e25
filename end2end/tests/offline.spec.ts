import { BrowserContext, expect, Page, test } from "@playwright/test";
import { answerCheckIn, signIn, underServiceWorker } from "./helpers";

/** How many check-ins wait on this phone (the service worker's store), without creating it. */
async function kept(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes("orka-offline")) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open("orka-offline");
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("checkins")) return resolve(0);
        const all = db.transaction("checkins").objectStore("checkins").getAll();
        all.onsuccess = () => {
          db.close();
          resolve(all.result.filter((e: { body?: string }) => e.body).length);
        };
      };
    });
  });
}

/** Opens the check-in form under the service worker, with the island ready. */
async function openForm(page: Page, persona: string) {
  await signIn(page, persona);
  await underServiceWorker(page, "/checkin?edit=1");
  await page.locator('.check-in[data-ready="true"]').waitFor();
}

/** Without a signal: answers, a note, send; the island says they wait to be sent. */
async function answerOffline(page: Page, context: BrowserContext, stress: number, workAbility: number, note: string) {
  await context.setOffline(true);
  await answerCheckIn(page, stress, workAbility);
  await page.locator("#note").fill(note);
  await page.getByRole("button", { name: "Skicka" }).click();
  await expect(page.locator(".error-summary")).toContainText("Väntar på att skickas");
}

test("a check-in given without a signal waits on the phone and is sent when the connection returns", async ({ page, context }) => {
  await openForm(page, "coordinator");
  await answerOffline(page, context, 2, 6, "skrivet på bussen");
  // Said where every other message is, and read out (the summary is an alert and takes focus).
  await expect(page.locator(".error-summary")).toBeFocused();
  // The form stays, so the answers can still be changed (the kept ones are then replaced).
  await expect(page.locator("#note")).toHaveValue("skrivet på bussen");
  expect(await kept(page)).toBe(1);

  await context.setOffline(false);
  await expect(page.getByTestId("check-in-result")).toContainText("Dina svar för vecka");
  expect(await kept(page)).toBe(0);
  await page.goto("/checkin?edit=1");
  await expect(page.locator("#note")).toHaveValue("skrivet på bussen");
});

test("kept answers whose week closed meanwhile get the same message as online", async ({ page, context }) => {
  await openForm(page, "manager");
  // The form was opened in an earlier week (a phone left on the check-in page over Sunday).
  await page.locator('input[name="week"]').evaluate((el: HTMLInputElement) => (el.value = "2026-W01"));
  await answerOffline(page, context, 3, 7, "från en stängd vecka");

  await context.setOffline(false);
  await expect(page).toHaveURL(/\/checkin\?closed=1$/);
  await expect(page.locator(".error-summary")).toContainText("Den veckan går inte längre att ändra");
  expect(await kept(page)).toBe(0);
  await page.goto("/checkin?edit=1");
  await expect(page.locator("#note")).not.toHaveValue("från en stängd vecka");
});

test("kept answers are removed at sign-out and never sent", async ({ page, context }) => {
  await openForm(page, "employee");
  await answerOffline(page, context, 1, 9, "ska aldrig fram");
  expect(await kept(page)).toBe(1);
  // What the sign-in page tells the worker after a sign-out (sign-in.spec follows the sign-out there).
  await page.evaluate(() => navigator.serviceWorker.controller!.postMessage("signed-out"));
  await expect.poll(() => kept(page)).toBe(0);

  await context.setOffline(false);
  await page.goto("/checkin?edit=1");
  await expect(page.locator("#note")).not.toHaveValue("ska aldrig fram");
});

test("a reload without a signal says the kept answers still wait, and they go when it returns", async ({ page, context }) => {
  await openForm(page, "sicklisted");
  await answerOffline(page, context, 2, 5, "kvar efter omladdning");
  // Without a signal the worker answers a reload with the offline page, which says so.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du är offline");
  await expect(page.locator("[data-waiting]")).toBeVisible();
  await expect(page.locator("[data-waiting]")).toContainText("Väntar på att skickas");
  expect(await kept(page)).toBe(1);

  await context.setOffline(false);
  await expect(page.getByTestId("check-in-result")).toContainText("Dina svar för vecka");
  expect(await kept(page)).toBe(0);
  await page.goto("/checkin?edit=1");
  await expect(page.locator("#note")).toHaveValue("kvar efter omladdning");
});
