// What the browser scripts share: the environment they are given and the
// headless Chromium they drive, in a profile of its own.
//
// Environment: ROSETTE_PLAYWRIGHT (path of playwright-core),
// ROSETTE_CHROMIUM (the browser), ROSETTE_SITE (the site's base URL),
// ROSETTE_PLAN (JSON, what to do), ROSETTE_SHOTS (directory for
// screenshots, optional).
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.ROSETTE_PLAYWRIGHT);
export const base = process.env.ROSETTE_SITE;
export const origin = new URL(base).origin;
export const plan = JSON.parse(process.env.ROSETTE_PLAN);
export const shots = process.env.ROSETTE_SHOTS || "";

const profile = mkdtempSync(join(tmpdir(), "rosette-chromium-"));
export const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.ROSETTE_CHROMIUM,
  headless: true,
  acceptDownloads: true, // takealong.mjs saves what "Download all" makes
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});

// finish closes the browser, removes its profile and prints the report.
export async function finish(report) {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}
