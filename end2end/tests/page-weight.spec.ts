import { expect, test } from "@playwright/test";
import { mkdirSync, writeFileSync } from "node:fs";

// The check-in page as a phone loads it the first time: HTML + CSS + JS + wasm as sent over the
// wire, counted by the browser itself. Browsers ask for brotli over HTTPS; this loopback server
// is plain http, so the test asks for it explicitly.
const BUDGET_BYTES = 110 * 1024;

test.use({ extraHTTPHeaders: { "Accept-Encoding": "br, gzip" } });

test("the check-in page loads within the 110 KB brotli budget", async ({ page }) => {
  // Sign in without loading a page, so the check-in page is a cold first load.
  await page.request.post("/auth/demo", { form: { persona: "employee" }, maxRedirects: 0 });
  const finished: Promise<string>[] = [];
  page.on("requestfinished", (req) => {
    finished.push(
      (async () => {
        const res = await req.response();
        const sizes = await req.sizes();
        const path = new URL(req.url()).pathname;
        const encoding = (await res?.headerValue("content-encoding")) ?? "identity";
        return JSON.stringify({ path, encoding, bytes: sizes.responseBodySize + sizes.responseHeadersSize });
      })(),
    );
  });
  await page.goto("/checkin?edit=1");
  await page.locator('.check-in[data-ready="true"]').waitFor();
  await page.waitForLoadState("networkidle");
  // The service worker's own fetches (its script, the icons it precaches) come after the page
  // is usable; the budget is what the page needs.
  const all = (await Promise.all(finished)).map((s) => JSON.parse(s) as { path: string; encoding: string; bytes: number });
  const counted = all.filter((r) => !["/sw.js", "/manifest.webmanifest"].includes(r.path) && !r.path.startsWith("/icons/"));
  const total = counted.reduce((n, r) => n + r.bytes, 0);
  const report = counted.map((r) => `${r.encoding.padEnd(8)} ${String(r.bytes).padStart(7)}  ${r.path}`).join("\n")
    + `\ntotal ${total} bytes (${(total / 1024).toFixed(1)} KB), budget ${BUDGET_BYTES / 1024} KB`;
  console.log(report);
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/page-weight.txt", report + "\n");
  expect(counted.some((r) => r.path.endsWith(".wasm"))).toBe(true);
  for (const r of counted) expect(r.bytes, `${r.path} was counted`).toBeGreaterThan(0);
  for (const r of counted.filter((r) => /\.(wasm|js|css)$/.test(r.path))) expect(r.encoding, r.path).toBe("br");
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});
