import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { expectNoAxeViolations, expectNoHorizontalScroll, signIn } from "./helpers";

// axe-core is injected as a script: let it past the page's Content-Security-Policy.
test.use({ bypassCSP: true });

test("the analyst reads the outcomes on a phone and a desktop and downloads them", async ({ page }) => {
  // Karin in HR is the demo's analyst; she reaches the page from "more".
  await signIn(page, "coordinator");
  await page.goto("/more");
  await page.getByRole("link", { name: "Sjukfrånvaro och utfall" }).click();
  await expect(page).toHaveURL(/\/outcomes$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sjukfrånvaro och utfall");
  // The chart is an image with a name; its numbers are in the table beside it.
  await expect(page.getByRole("img", { name: /Sjukfrånvaro i procent av ordinarie arbetstid/ })).toBeVisible();
  const table = page.getByRole("table", { name: "Sjukfrånvaro och frånvaroperioder per månad" });
  await expect(table.locator("tbody tr")).toHaveCount(12);
  const women = table.locator("tbody tr").first().locator("td").nth(2);
  await expect(women).toHaveText(/^\d+,\d %$/);
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);

  // Fewer months, chosen in the form.
  await page.locator("#from").fill("2026-01");
  await page.locator("#to").fill("2026-03");
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table.locator("tbody th").first()).toHaveText("2026-01");

  // The same months as a file.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Ladda ner som CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("orka-demokommun-2026-01-2026-03.csv");
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  expect(csv[0]).toMatch(/^månad;sjukfrånvaro totalt %;kvinnor %;män %/);
  expect(csv).toHaveLength(4);
  expect(csv[1]).toMatch(/^2026-01;\d+,\d;\d+,\d;\d+,\d;/);

  await page.setViewportSize({ width: 1280, height: 800 });
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the page and its month form work, and a bad month says so", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/outcomes?from=2026-13&to=2026-01");
    await expect(page.getByRole("alert")).toContainText("Visar de senaste tolv månaderna");
    await expect(page.getByRole("table", { name: "Sjukfrånvaro och frånvaroperioder per månad" }).locator("tbody tr")).toHaveCount(12);
    await expect(page.getByRole("img", { name: /Sjukfrånvaro i procent/ })).toBeVisible();
  });

  test("someone without the role is told so", async ({ page }) => {
    await signIn(page, "employee");
    const res = await page.goto("/outcomes");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("alert")).toHaveText("Sidan är för arbetsgivarens administratörer och analytiker.");
  });
});
