import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoHorizontalScroll, signIn } from "./helpers";

// axe-core is injected as a script, which the pages' CSP (rightly) refuses.
test.use({ bypassCSP: true });

const phone = { viewport: { width: 390, height: 844 }, bypassCSP: true };

test("the employee asks for adjusted work from her phone, a coordinator alone is told, and she lets her manager in", async ({ browser }) => {
  const anna = await (await browser.newContext(phone)).newPage();
  await signIn(anna, "employee");
  // From the start page: the way in before there is any case.
  await anna.getByRole("link", { name: "Be om anpassning av arbetet" }).click();
  const ask = anna.getByRole("region", { name: "Be om anpassning av arbetet" });
  await expect(ask).toBeVisible();
  await expectNoAxeViolations(anna);
  await expectNoHorizontalScroll(anna);
  // Without a choice of who is told, the browser's own check stops her; with it, she is through.
  await ask.getByLabel("En rehabkoordinator", { exact: false }).check();
  await ask.getByLabel("Med egna ord (frivilligt)").fill("Dokumentationen efter kvällspassen hinns inte med.");
  await ask.getByRole("button", { name: "Skicka förfrågan" }).click();
  await expect(anna).toHaveURL(/\/rehab\?done=saved$/);
  const mine = anna.getByRole("region", { name: "Din anpassning av arbetet" });
  await expect(mine).toContainText("Dokumentationen efter kvällspassen hinns inte med.");
  await expect(mine).toContainText("Din chef ser inte ärendet.");
  await expect(anna.getByRole("region", { name: "Be om anpassning av arbetet" })).toHaveCount(0);
  await expectNoAxeViolations(anna);
  await expectNoHorizontalScroll(anna);

  // The coordinator has it on the list; Anna's manager does not.
  const karin = await (await browser.newContext(phone)).newPage();
  await signIn(karin, "coordinator");
  await karin.goto("/rehab");
  const list = karin.getByRole("region", { name: "Anpassningsärenden" });
  await expect(list).toContainText("Anna Lind");
  await expectNoAxeViolations(karin);
  const maria = await (await browser.newContext(phone)).newPage();
  await signIn(maria, "manager");
  await maria.goto("/rehab");
  await expect(maria.getByRole("region", { name: "Anpassningsärenden" })).not.toContainText("Anna Lind");

  // She lets her manager in, and the manager sees it.
  await mine.getByRole("button", { name: "Låt min chef vara med" }).click();
  await expect(anna.getByRole("region", { name: "Din anpassning av arbetet" })).toContainText("Din chef är med i ärendet.");
  await maria.reload();
  await expect(maria.getByRole("region", { name: "Anpassningsärenden" })).toContainText("Anna Lind");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

  test("a manager asks a coordinator for adjusted work for herself and reads her case", async ({ page }) => {
    await signIn(page, "manager");
    await page.goto("/rehab");
    const ask = page.getByRole("region", { name: "Be om anpassning av arbetet" });
    // Maria has no manager above her in Orka: asking one is refused at the field.
    await ask.getByLabel("Min chef").check();
    await ask.getByRole("button", { name: "Skicka förfrågan" }).click();
    await expect(page.locator("#ask-adjustment .field-error")).toContainText("Du har ingen chef i Orka.");
    await page.getByRole("region", { name: "Be om anpassning av arbetet" }).getByLabel("En rehabkoordinator", { exact: false }).check();
    await page.getByRole("button", { name: "Skicka förfrågan" }).click();
    await expect(page).toHaveURL(/\/rehab\?done=saved$/);
    await expect(page.getByRole("region", { name: "Din anpassning av arbetet" })).toContainText("Medarbetaren bad själv om anpassning");
  });
});
