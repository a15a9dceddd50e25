import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoHorizontalScroll, signIn } from "./helpers";

// axe-core is injected as a script, which the pages' CSP (rightly) refuses.
test.use({ bypassCSP: true });

test("the coordinator opens a case and changes a plan; the employee follows it on the phone; the plan prints", async ({ browser }) => {
  const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };
  const coordinator = await (await browser.newContext(phone)).newPage();
  const employee = await (await browser.newContext(phone)).newPage();

  await signIn(coordinator, "coordinator");
  await coordinator.getByRole("link", { name: "Rehab" }).click();
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("Tillbaka till arbetet");
  await expectNoAxeViolations(coordinator);
  await expectNoHorizontalScroll(coordinator);
  // The demo's repeated short absences put Johan on the list for an early conversation.
  await expect(coordinator.getByRole("region", { name: "Upprepad korttidsfrånvaro" })).toContainText("Johan Lund");
  await coordinator.getByLabel("Medarbetare", { exact: true }).selectOption({ label: "Per Sjöberg" });
  await coordinator.getByLabel("Första sjukdag").fill("2026-11-02");
  await coordinator.getByLabel("Sjukskrivningens omfattning").selectOption("100");
  await coordinator.getByRole("button", { name: "Öppna ärendet", exact: true }).click();
  await expect(coordinator).toHaveURL(/\/rehab\/cases\/[0-9a-f-]+\?done=saved$/);
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("Per Sjöberg");
  await expect(coordinator.locator('[data-milestone="medical-certificate"]')).toBeVisible();
  await expectNoAxeViolations(coordinator);
  await expectNoHorizontalScroll(coordinator);

  // Erik's plan (version 1 in the demo) changes: the goal, his task and the manager's, this
  // week, the next meeting.
  await coordinator.getByRole("link", { name: "Alla ärenden" }).click();
  await coordinator.locator(".case-list a", { hasText: "Erik Nilsson" }).click();
  await expect(coordinator.locator(".plan")).toContainText("Version 1");
  // Once there is a plan, its editor is folded under its heading.
  await expect(coordinator.locator("#goal")).toBeHidden();
  await coordinator.locator("#edit > summary").click();
  await coordinator.locator("#goal").fill("Tillbaka i mitt eget arbete på heltid");
  await coordinator.locator("#m0_kind").selectOption("changed-hours");
  await coordinator.locator("#m0_description").fill("Börja klockan 9 i stället för 7");
  await coordinator.locator("#m0_responsible").selectOption("manager");
  await coordinator.locator("#m1_kind").selectOption("treatment");
  await coordinator.locator("#m1_description").fill("Boka samtal hos företagshälsovården");
  await coordinator.locator("#m1_responsible").selectOption("employee");
  const thisWeek = await coordinator.evaluate(() => {
    // The server's week is Stockholm's: take today's date there, not the browser's (at 23:30
    // UTC on a Sunday the two are in different weeks).
    const [y0, m0, d0] = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" })
      .format(new Date())
      .split("-")
      .map(Number);
    const t = new Date(Date.UTC(y0, m0 - 1, d0));
    const day = t.getUTCDay() || 7;
    t.setUTCDate(t.getUTCDate() + 4 - day);
    const y = t.getUTCFullYear();
    const w = Math.ceil(((t.getTime() - Date.UTC(y, 0, 1)) / 86400000 + 1) / 7);
    return `${y}-W${String(w).padStart(2, "0")}`;
  });
  await coordinator.locator("#w0_week").fill(thisWeek);
  await coordinator.locator("#w0_percent").selectOption("25");
  await coordinator.locator("#w0_hours").fill("mån–fre 9–11");
  // The first meeting has passed; the second is the next one.
  await coordinator.locator("#g1_at").fill("2030-01-15T10:00");
  await coordinator.locator("#g1_participants").fill("Erik, chefen, rehabsamordnaren");
  await coordinator.getByRole("button", { name: "Spara som ny version" }).click();
  await expect(coordinator).toHaveURL(/\?done=saved$/);
  await expect(coordinator.locator(".plan")).toContainText("Version 2");
  const casePath = new URL(coordinator.url()).pathname;

  // The employee, on the phone: this week, the new plan, acknowledge, mark the task done.
  await signIn(employee, "sicklisted");
  await employee.getByRole("link", { name: "Rehab" }).click();
  const week = employee.locator(".this-week");
  await expect(week).toContainText("Du arbetar 25 % av din arbetstid den här veckan.");
  await expect(week).toContainText("mån–fre 9–11");
  await expect(week).toContainText("Boka samtal hos företagshälsovården");
  await expect(week).toContainText("tisdag 15 januari 2030 kl. 10.00");
  await expect(employee.getByRole("heading", { name: "Nytt i planen sedan du tittade senast" })).toBeVisible();
  await expectNoAxeViolations(employee);
  await expectNoHorizontalScroll(employee);
  await employee.getByRole("button", { name: "Jag har läst planen" }).click();
  await expect(employee).toHaveURL(/\/rehab\?done=acknowledged$/);
  await expect(employee.getByText("Du har tagit del av version 2 av planen.")).toBeVisible();
  await week.getByRole("button", { name: "Markera som klar" }).click();
  await expect(employee).toHaveURL(/\/rehab\?done=task$/);
  await expect(employee.locator(".this-week")).toContainText("Inga uppgifter för dig just nu.");

  // The coordinator sees both, and the plan prints without the page around it.
  await coordinator.goto(casePath);
  await expect(coordinator.locator(".plan")).toContainText("Version 3");
  await expect(coordinator.getByText("Kvitterade version 2 av planen")).toBeVisible();
  await coordinator.getByRole("link", { name: "Utskriftsvänlig plan" }).click();
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("Plan för återgång i arbete – Erik Nilsson");
  await expectNoAxeViolations(coordinator);
  // The same plan as a PDF file to take to the meeting.
  const [download] = await Promise.all([
    coordinator.waitForEvent("download"),
    coordinator.getByRole("link", { name: "Planen som PDF" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("orka-plan.pdf");
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
  expect(pdf.toString("latin1")).toContain("Tillbaka i mitt eget arbete p\\345 heltid");
  await coordinator.emulateMedia({ media: "print" });
  await expect(coordinator.locator(".site-header")).toBeHidden();
  await expect(coordinator.getByRole("link", { name: "Planen som PDF" })).toBeHidden();
  await expect(coordinator.locator(".printable")).toContainText("Tillbaka i mitt eget arbete på heltid");

  // The employee's log shows that the coordinator read the case, and saw him in the list.
  await employee.goto("/sharing");
  await expect(employee.locator(".access-log")).toContainText("såg ditt rehabärende och din plan");
  await expect(employee.locator(".access-log")).toContainText("såg din rad i listan över öppna rehabärenden");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a plan with a mistake comes back with the message at the field and nothing lost", async ({ page }) => {
    await signIn(page, "coordinator");
    await page.goto("/rehab");
    await page.locator(".case-list a", { hasText: "Erik Nilsson" }).click();
    // The folded editor opens with its heading, without a script.
    await page.getByText("Skriv planen").click();
    await page.locator("#goal").fill("");
    await page.getByRole("button", { name: "Spara som ny version" }).click();
    await expect(page.getByRole("alert")).toContainText("Mål: Fyll i det här fältet.");
    await expect(page.locator("#m0_description")).not.toHaveValue("");
  });
});

test("on the phone, the investigation before day 90 is recorded with what was looked into, which the employee reads without JavaScript", async ({ page, browser }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "coordinator");
  await page.goto("/rehab");
  await page.locator(".case-list a", { hasText: "Erik Nilsson" }).click();
  const day90 = "Före dag 90: utred tillfälligt eller anpassat arbete";
  await page.getByLabel("Markera som gjort").selectOption({ label: day90 });
  await page.getByRole("button", { name: "Markera som klar" }).click();
  // Nothing said about what was looked into: the message at the field, nothing recorded.
  await expect(page.locator("form[action$='/milestones'] .field-error")).toHaveText("Fyll i det här fältet.");
  await expect(page.locator('[data-milestone="day-90"]')).not.toContainText("gjort");
  await expectNoAxeViolations(page);
  await expectNoHorizontalScroll(page);
  const looked = "Prövat förmiddagspass i egen klass utan rastvakter, fungerar från januari";
  await page.getByLabel("Markera som gjort").selectOption({ label: day90 });
  await page.getByLabel("Vad som utretts").fill(looked);
  await page.getByRole("button", { name: "Markera som klar" }).click();
  await expect(page).toHaveURL(/\?done=saved$/);
  await expect(page.locator('[data-milestone="day-90"]')).toContainText(looked);
  await expect(page.locator('[data-milestone="day-90"]')).toContainText("gjort");

  // Erik reads it on his phone, without JavaScript too.
  const erik = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } })).newPage();
  await signIn(erik, "sicklisted");
  await erik.goto("/rehab");
  await expect(erik.locator('[data-milestone="day-90"]')).toContainText(looked);
});
