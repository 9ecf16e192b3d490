// What the browser scripts share: the environment they are given and the
// headless Chromium they drive (see launch.mjs).
//
// Environment: ROSETTE_PLAYWRIGHT (path of playwright-core),
// ROSETTE_CHROMIUM (the browser), ROSETTE_SITE (the site's base URL),
// ROSETTE_PLAN (JSON, what to do), ROSETTE_SHOTS (directory for
// screenshots, optional).
import { launch } from "./launch.mjs";

export const base = process.env.ROSETTE_SITE;
export const origin = new URL(base).origin;
export const plan = JSON.parse(process.env.ROSETTE_PLAN);
export const shots = process.env.ROSETTE_SHOTS || "";

const started = await launch({
  acceptDownloads: true, // takealong.mjs saves what "Download all" makes
  viewport: { width: 1280, height: 900 },
});
export const browser = started.browser;

// finish closes the browser, removes its profile and prints the report.
export async function finish(report) {
  await started.close();
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
}
