import { expect, test } from "@playwright/test";
import { signIn, underServiceWorker } from "./helpers";

test("the app shell and offline page work without a network", async ({ page, context }) => {
  await signIn(page, "manager");
  // The page must be controlled by the worker before going offline.
  await underServiceWorker(page, "/history");
  await context.setOffline(true);
  await page.goto("/checkin").catch(() => {});
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Du är offline");
  await expect(page.getByRole("link", { name: "1177" })).toBeVisible();
  await context.setOffline(false);
});

test("the manifest makes Orka installable", async ({ request }) => {
  const res = await request.get("/manifest.webmanifest");
  expect(res.ok()).toBe(true);
  const m = await res.json();
  expect(m.display).toBe("standalone");
  const sizes = m.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes}/${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192/any", "512x512/any", "512x512/maskable"]));
  for (const icon of m.icons) expect((await request.get(icon.src)).ok()).toBe(true);
});
