import { expect, test } from "@playwright/test";
import { answerCheckIn, expectNoAxeViolations, expectNoHorizontalScroll, signIn } from "./helpers";

// axe-core is injected as a script, which the pages' CSP (rightly) refuses.
test.use({ bypassCSP: true });

test("an employee asks to talk, the manager acknowledges, and withdrawing consent takes it away", async ({ browser }) => {
  const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };
  const employee = await (await browser.newContext(phone)).newPage();
  const manager = await (await browser.newContext(phone)).newPage();

  await signIn(employee, "employee");
  // Sharing is not one of an employee's four tabs: it is under "Mer".
  await employee.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Mer" }).click();
  await employee.getByRole("main").getByRole("link", { name: "Delning" }).click();
  await expect(employee.getByRole("heading", { level: 1 })).toHaveText("Vad jag delar");
  await expect(employee.getByRole("heading", { name: "Vem har sett mina uppgifter" })).toBeVisible();
  await expectNoAxeViolations(employee);
  await expectNoHorizontalScroll(employee);
  const talk = employee.locator('[data-scope="ask-to-talk"]');
  await talk.getByRole("button", { name: /Dela med min chef/ }).click();
  await expect(employee).toHaveURL(/\/sharing\?done=granted$/);
  await expect(talk).toContainText("Delas med");

  await employee.goto("/checkin?edit=1");
  await answerCheckIn(employee, 2, 8);
  await employee.locator('label[for="q-wants-to-talk"]').click();
  await employee.getByRole("button", { name: "Skicka" }).click();
  await expect(employee.getByTestId("check-in-result")).toBeVisible();

  await signIn(manager, "manager");
  await manager.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Team" }).click();
  const alert = manager.locator("[data-alert]").first();
  await expect(alert).toContainText("vill prata");
  await expectNoAxeViolations(manager);
  await expectNoHorizontalScroll(manager);
  await alert.getByLabel(/Vad har ni gjort/).fill("Pratade på tisdag");
  await alert.getByRole("button", { name: "Kvittera" }).click();
  await expect(manager).toHaveURL(/\/team\?done=saved$/);
  await expect(manager.locator("[data-alert]").first()).toContainText("Kvitterat");
  await expect(manager.locator("[data-alert]").first()).toContainText("Pratade på tisdag");

  // The employee sees that the manager looked, and takes the permission back.
  await employee.goto("/sharing");
  await expect(employee.locator(".access-log")).toContainText("såg ditt meddelande");
  await talk.getByRole("button", { name: "Ta tillbaka" }).click();
  await expect(employee).toHaveURL(/\/sharing\?done=withdrawn$/);
  await expect(talk.getByRole("button", { name: /Dela med min chef/ })).toBeVisible();

  await manager.reload();
  await expect(manager.locator("[data-alert]")).toHaveCount(0);
  await expect(manager.getByText("Inga meddelanden.", { exact: false })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sharing is granted and withdrawn with plain forms, and deleting the history needs a confirmation", async ({ page }) => {
    // Someone at the top of their organisation has no manager to share with, and is told so.
    await signIn(page, "coordinator");
    await page.goto("/sharing");
    await expect(page.locator('[data-scope="weekly-scores"]')).toContainText("Du har ingen chef registrerad i Orka");
    await page.getByRole("button", { name: "Logga ut" }).click();

    await signIn(page, "employee");
    await page.goto("/sharing");
    const scores = page.locator('[data-scope="weekly-scores"]');
    await scores.getByRole("button", { name: /Dela med min chef/ }).click();
    await expect(page).toHaveURL(/\/sharing\?done=granted$/);
    await scores.getByRole("button", { name: "Ta tillbaka" }).click();
    await expect(page).toHaveURL(/\/sharing\?done=withdrawn$/);

    // Deleting the history cannot happen by a slip: the box must be ticked first.
    await expect(page.locator("#confirm")).toHaveAttribute("required", "");
    await expect(page.getByRole("button", { name: "Radera historiken" })).toBeVisible();
  });
});
