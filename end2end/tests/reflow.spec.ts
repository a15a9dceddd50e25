import { expect, Page, test } from "@playwright/test";
import { signIn } from "./helpers";

// WCAG 1.4.10: content reflows at 320 CSS px without scrolling sideways, and 1.4.4: at 200 %
// text size it still does. Every page each persona can reach, found by following links from
// the start page as a person would, with the bottom bar on each.
// The 200 % text size is a style added to the page: let it past the Content-Security-Policy.
test.use({ viewport: { width: 320, height: 640 }, bypassCSP: true });

const skipped = (path: string) =>
  ["/auth", "/api", "/lang", "/signin", "/pkg", "/icons"].some((p) => path.startsWith(p)) || /\.[a-z]+$/.test(path);

// Pages of one kind share one layout: two of each (guidance articles, their editors, cases)
// say as much as all of them, and keep the walk short.
const family = (path: string) => path.replace(/^(\/(?:editor\/)?guidance|\/rehab\/cases)\/[^/?]+/, "$1/*").split("?")[0];

async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    // Name the widest element, so a failure says where to look.
    const wide = [...document.querySelectorAll<HTMLElement>("main *, nav *, header *")]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}`);
    return `${root.scrollWidth} px wide: ${wide.slice(-3).join(", ")}`;
  });
}

for (const persona of ["employee", "sicklisted", "manager", "coordinator", "admin"]) {
  test(`every page of the ${persona} reflows at 320 px and at 200 % text`, async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, persona);
    const seen = new Set<string>();
    const families = new Map<string, number>();
    const queue = ["/"];
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const kind = family(path);
      families.set(kind, (families.get(kind) ?? 0) + 1);
      if (families.get(kind)! > 2) continue;
      const res = await page.goto(path);
      if (!res || res.status() !== 200) continue;
      // The bottom bar marks where the person is, for sight and for screen readers.
      await expect(page.locator('nav.tabbar a[aria-current="page"]')).toHaveCount(1);
      const hrefs = await page.locator("a[href^='/']").evaluateAll((as) =>
        as.map((a) => (a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search),
      );
      queue.push(...hrefs.filter((h) => !skipped(h) && !seen.has(h)));
      // Soft: one run names every page that scrolls sideways, not just the first.
      expect.soft(await overflow(page), `${path} at 320 px`).toBeNull();
      await page.addStyleTag({ content: "html { font-size: 200% !important; }" });
      expect.soft(await overflow(page), `${path} at 320 px and 200 % text`).toBeNull();
    }
    expect(seen.size, [...seen].join(" ")).toBeGreaterThan(6);
  });
}

test("the bottom bar is the role's own and the rest of Orka is one tap away, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  await signIn(page, "manager");
  const bar = page.getByRole("navigation", { name: "Huvudmeny" });
  await expect(bar.getByRole("link")).toHaveText(["Start", "Team", "Rehab", "Checka in", "Mer"]);
  await expect(bar.getByRole("link", { name: "Start" })).toHaveAttribute("aria-current", "page");
  // The bar stays at the thumb while the page scrolls.
  const box = await bar.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(640);
  await bar.getByRole("link", { name: "Mer" }).click();
  await expect(page).toHaveURL(/\/more$/);
  await expect(bar.getByRole("link", { name: "Mer" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("main").getByRole("link", { name: "Påminnelser" }).click();
  await expect(page).toHaveURL(/\/reminders$/);
  await expect(bar.getByRole("link", { name: "Mer" })).toHaveAttribute("aria-current", "page");
  await context.close();
});
