import { test } from "@playwright/test";
import { answerCheckIn, expectNoAxeViolations, expectNoHorizontalScroll, signIn } from "./helpers";

// axe-core is injected as a script: let it past the page's Content-Security-Policy.
test.use({ bypassCSP: true });

test("axe-core finds no WCAG 2.1 AA violations on any page, in either language", async ({ page }) => {
  for (const lang of ["sv", "en"]) {
    await page.goto(`/lang?set=${lang}&next=/signin`);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
    await page.goto("/offline");
    await expectNoAxeViolations(page);
    await page.goto("/no-such-page");
    await expectNoAxeViolations(page);
    for (const path of ["/guidance", "/guidance?q=stress", "/guidance/rehabilitation-rights-and-duties", "/guidance/crisis-contacts"]) {
      await page.goto(path);
      await expectNoAxeViolations(page);
      await expectNoHorizontalScroll(page);
    }
  }
  await page.goto("/lang?set=sv&next=/signin");
  await signIn(page, "coordinator");
  for (const path of ["/", "/checkin?edit=1", "/history", "/history?weeks=52", "/editor/guidance/sleep", "/editor/feedback", "/reminders", "/sharing", "/team", "/rehab"]) {
    await page.goto(path);
    await expectNoAxeViolations(page);
    await expectNoHorizontalScroll(page);
  }
  // The form with its error messages showing, and the result.
  await page.goto("/checkin?edit=1");
  await page.locator('.check-in[data-ready="true"]').waitFor();
  await page.evaluate(() => document.querySelectorAll<HTMLInputElement>("input[type=radio]").forEach((r) => (r.checked = false)));
  await page.getByRole("button", { name: "Skicka" }).click();
  await page.locator(".error-summary").waitFor();
  await expectNoAxeViolations(page);
  await answerCheckIn(page, 3, 6);
  await page.getByRole("button", { name: "Skicka" }).click();
  await page.getByTestId("check-in-result").waitFor();
  await expectNoAxeViolations(page);
});
