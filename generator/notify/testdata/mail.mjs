// Opens each rendered mail HTML in headless Chromium, as a mail client's
// reading pane would show it, and prints a JSON report on stdout;
// mail_browser_test.go asserts on it.
//
// Environment: ROSETTE_PLAYWRIGHT (path of playwright-core), ROSETTE_AXE
// (axe.min.js of axe-core), ROSETTE_CHROMIUM (the browser), ROSETTE_PLAN
// (JSON: {mails: [{name, file}], images: {URL: file}}), ROSETTE_SHOTS
// (directory for screenshots, optional). Requests for the images are
// answered from their files; any other request is refused and reported.
import { pathToFileURL } from "node:url";
import { launch } from "../../testdata/browser/launch.mjs";

const plan = JSON.parse(process.env.ROSETTE_PLAN);
const shots = process.env.ROSETTE_SHOTS || "";

const { browser, close } = await launch({
  javaScriptEnabled: true, // for axe-core only: the mail has no script
});
const report = {};
for (const { name, file } of plan.mails) {
  for (const width of [600, 390]) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 800 });
    const log = { errors: [], outside: [], images: [] };
    page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
    page.on("pageerror", (e) => log.errors.push(String(e)));
    await page.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith("file:")) return route.continue();
      if (plan.images[u]) return route.fulfill({ path: plan.images[u] });
      log.outside.push(u);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const facts = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      lang: document.documentElement.lang,
      images: Array.from(document.images).map((i) => ({ alt: i.getAttribute("alt"), loaded: i.complete && i.naturalWidth > 0, width: i.getBoundingClientRect().width })),
      // Every element narrower than its text: clipped or overlapping text.
      clipped: Array.from(document.querySelectorAll("a,p,td")).filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== "visible").map((e) => e.tagName + ": " + e.textContent.trim().slice(0, 40)),
      text: document.body.innerText,
    }));
    if (shots) await page.screenshot({ path: join(shots, `mail-${name}-${width}.png`), fullPage: true });
    // axe-core, injected (not fetched by the page), WCAG 2.1 AA and best
    // practice, less the rules that need a page's landmarks and headings:
    // a mail is shown inside the client's own page.
    await page.addScriptTag({ path: process.env.ROSETTE_AXE });
    const axe = await page.evaluate(() =>
      window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        rules: { region: { enabled: false }, "landmark-one-main": { enabled: false }, "page-has-heading-one": { enabled: false } },
      }).then((r) => r.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).join(", ") + ")")));
    report[`${name}@${width}`] = { ...log, ...facts, axe };
    await page.close();
  }
}
await close();
process.stdout.write(JSON.stringify(report));
