import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A port and database of its own, so a running demo on :3000 is never touched.
const port = Number(process.env.ORKA_E2E_PORT ?? 3917);
const dbDir = mkdtempSync(join(tmpdir(), "orka-e2e-"));
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    // A small phone: 360 CSS px wide is the narrowest common Android width.
    ...devices["Pixel 5"],
    viewport: { width: 360, height: 740 },
    locale: "sv-SE",
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
    trace: "off",
  },
  webServer: {
    command: `target/release/orka serve --demo --addr 127.0.0.1:${port} --database-url "sqlite://${dbDir}/orka.db?mode=rwc"`,
    cwd: "..",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
