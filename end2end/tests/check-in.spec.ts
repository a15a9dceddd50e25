import { expect, test } from "@playwright/test";
import { answerCheckIn, expectNoHorizontalScroll, signIn } from "./helpers";

test.describe("with JavaScript", () => {
  test("an employee checks in on a phone and sees the meaning and the trend without a reload", async ({ page }) => {
    await signIn(page, "employee");
    await page.getByRole("link", { name: "Gör veckans incheckning" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Veckoincheckning");
    // Wait for the island to hydrate, then mark the document: a full reload would lose the mark.
    await page.locator('.check-in[data-ready="true"]').waitFor();
    await page.evaluate(() => ((window as any).__orkaMark = "still here"));

    // Sending with nothing chosen: messages at once, next to the questions, focus on the summary.
    await page.getByRole("button", { name: "Skicka" }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expect(page.locator("#q-stress-error")).toHaveText(/Välj ett svar/);
    await expect(page.locator(".error-summary")).toBeFocused();

    await answerCheckIn(page, 4, 5);
    await page.locator("#note").fill("en rad bara för mig");
    await page.getByRole("button", { name: "Skicka" }).click();
    const result = page.getByTestId("check-in-result");
    await expect(result).toContainText("Dina svar för vecka");
    await expect(result).toContainText("Låg arbetsförmåga");
    expect(await page.evaluate(() => (window as any).__orkaMark)).toBe("still here");
    await expectNoHorizontalScroll(page);

    await page.getByRole("link", { name: "Se din utveckling" }).click();
    await expect(page.getByRole("img", { name: /Välbefinnande/ })).toBeVisible();
    await expect(page.locator("table")).toContainText("Stress");
    await expectNoHorizontalScroll(page);
  });

  test("touch targets are at least 44 px tall", async ({ page }) => {
    await signIn(page, "coordinator");
    await page.goto("/checkin?edit=1");
    const heights = await page.locator("label.option, button, .button").evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().height).filter((h) => h > 0),
    );
    expect(heights.length).toBeGreaterThan(10);
    for (const h of heights) expect(h).toBeGreaterThanOrEqual(44);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the check-in works as a plain form, with messages beside the fields", async ({ page }) => {
    await signIn(page, "sicklisted");
    await page.goto("/checkin?edit=1");
    await page.locator("#note").fill("sparas inte än");
    await page.getByRole("button", { name: "Skicka" }).click();
    await expect(page.locator(".error-summary")).toContainText("Några svar saknas");
    await expect(page.locator("#q-work-ability-error")).toContainText("Välj ett svar");
    await expect(page.locator("#note")).toHaveValue("sparas inte än");

    await answerCheckIn(page, 2, 7);
    await page.getByRole("button", { name: "Skicka" }).click();
    await expect(page).toHaveURL(/\/checkin$/);
    await expect(page.getByTestId("check-in-result")).toContainText("Dina svar för vecka");
    await page.goto("/history");
    await expect(page.getByRole("img", { name: /Välbefinnande/ })).toBeVisible();
  });

  test("English is one tap away and is remembered", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("link", { name: "In English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await page.goto("/offline");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are offline");
  });
});
