// launch starts the headless Chromium that every browser script drives,
// in a profile of its own, and returns the browser context and a close
// function that also removes the profile.
//
// A browser that dies while starting (it has crashed so on busy CI
// machines, before any page was opened) is started again, twice at
// most; anything after the start is the test's to judge.
//
// Environment: ROSETTE_PLAYWRIGHT (path of playwright-core),
// ROSETTE_CHROMIUM (the browser).
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.ROSETTE_PLAYWRIGHT);

// options are added to the launch's own (the browser, headless, the
// flags below).
export async function launch(options = {}) {
  for (let attempt = 1; ; attempt++) {
    const profile = mkdtempSync(join(tmpdir(), "rosette-chromium-"));
    try {
      const browser = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.ROSETTE_CHROMIUM,
        headless: true,
        timeout: 60_000, // it starts in a second or two; three hung starts fail within 3 minutes
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
          "--disable-component-update", "--disable-sync"],
        ...options,
      });
      const close = async () => {
        await browser.close();
        rmSync(profile, { recursive: true, force: true });
      };
      return { browser, close };
    } catch (err) {
      rmSync(profile, { recursive: true, force: true });
      if (attempt === 3) throw err;
      process.stderr.write(`chromium did not start (attempt ${attempt} of 3), starting it again:\n${err}\n`);
    }
  }
}
