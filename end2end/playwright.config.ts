import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A port and database of its own, so a running demo on :3000 is never touched.
const port = Number(process.env.ORKA_E2E_PORT ?? 3917);
const dbDir = mkdtempSync(join(tmpdir(), "orka-e2e-"));
// Where the server writes its mail (no SMTP server here); set once, so the test workers, which
// load this file again, read the directory the server writes to.
process.env.ORKA_E2E_MAIL_DIR ??= mkdtempSync(join(tmpdir(), "orka-e2e-mail-"));
export const baseURL = `http://127.0.0.1:${port}`;
// Two employers, each with its own OpenID Connect provider on loopback (oidc/provider.mjs).
export const providers = { umea: port + 1, vindeln: port + 2 };
const orka = "target/release/orka";
const db = `--database-url "sqlite://${dbDir}/orka.db?mode=rwc"`;
const employer = (slug: string, name: string, providerPort: number) =>
  `${orka} employer add ${db} --slug ${slug} --name "${name}" --issuer http://127.0.0.1:${providerPort} ` +
  `--client-id orka --client-secret e2e-client-secret --scopes "openid profile email groups" ` +
  `--groups-claim groups --role-map orka-admins=admin --api-audience orka-api`;
const provider = (providerPort: number, slug: string) => ({
  command: `node oidc/provider.mjs ${providerPort} ${baseURL} ${slug}`,
  url: `http://127.0.0.1:${providerPort}/.well-known/openid-configuration`,
  reuseExistingServer: false,
  timeout: 30_000,
  stdout: "ignore" as const,
  // Its development-mode warnings are expected here.
  stderr: "ignore" as const,
});

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
  webServer: [
    provider(providers.umea, "umea"),
    provider(providers.vindeln, "vindeln"),
    {
      // Demo personas and two employers' sign-in on one server.
      command:
        `${employer("umea", "Umeå kommun", providers.umea)} && ${employer("vindeln", "Vindelns kommun", providers.vindeln)} && ` +
        `exec ${orka} serve --demo --addr 127.0.0.1:${port} ${db} --mail-dir ${process.env.ORKA_E2E_MAIL_DIR}`,
      cwd: "..",
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
