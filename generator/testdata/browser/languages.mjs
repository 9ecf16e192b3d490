// Drives headless Chromium through the pages of a site in several
// languages and prints a JSON report on stdout; languages_browser_test.go
// asserts on it.
//
// Environment: ROSETTE_PLAYWRIGHT, ROSETTE_AXE, ROSETTE_CHROMIUM,
// ROSETTE_SITE as for pages.mjs; ROSETTE_PLAN (JSON: {pages: [{name,
// path}], switch: {path, to}, check: path}); ROSETTE_SHOTS (directory
// for screenshots).
import { join } from "node:path";
import { base, browser, finish, origin, plan, shots } from "./chromium.mjs";

const report = { pages: {}, alternates: {}, switched: [], check: null };

async function open(path, width) {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const log = { errors: [], outside: [] };
  page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin + "/") && !u.startsWith("data:") && !u.startsWith("about:")) log.outside.push(u);
  });
  const resp = await page.goto(base + path.replace(/^\//, ""), { waitUntil: "networkidle" });
  log.status = resp ? resp.status() : 0;
  return { page, log };
}

for (const { name, path } of plan.pages) {
  for (const width of [1280, 390]) {
    const { page, log } = await open(path, width);
    if (await page.$("#check-summary")) {
      await page.waitForSelector("#check-summary[data-checked=true]", { timeout: 10000 });
    }
    const facts = await page.evaluate(() => {
      const box = (sel) => { const e = document.querySelector(sel); return e ? e.getBoundingClientRect() : null; };
      const icon = box("#verdict-icon"), text = box(".verdict-title"), image = box(".hero-image"), title = box(".hero h1");
      return {
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        // In a right-to-left page the status icon stands right of its text,
        // and the badge image right of the title.
        iconRight: icon && text ? icon.left > text.left : null,
        imageRight: image && title && image.top < title.bottom && image.bottom > title.top ? image.left > title.left : null,
        alternates: Array.from(document.querySelectorAll('link[rel=alternate][hreflang]')).map((l) => l.hreflang + " " + l.href),
        switcher: Array.from(document.querySelectorAll("nav.languages a")).map((a) => a.getAttribute("hreflang") + " " + a.getAttribute("href") + (a.getAttribute("aria-current") ? " current" : "")),
      };
    });
    if (shots) await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    await page.addScriptTag({ path: process.env.ROSETTE_AXE });
    const axe = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
        .then((r) => r.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).join(", ") + ")")));
    report.pages[`${name}@${width}`] = { ...log, ...facts, axe };
    await page.close();
  }
}

// Every hreflang alternate of a page answers.
{
  const { page } = await open(plan.switch.path, 1280);
  const hrefs = await page.evaluate(() => Array.from(document.querySelectorAll('link[rel=alternate][hreflang]')).map((l) => l.href));
  for (const href of hrefs) {
    const r = await page.request.get(href);
    report.alternates[href] = r.status();
  }
  // The switcher keeps you on the same page: to each language in turn.
  for (const lang of plan.switch.to) {
    await page.click(`nav.languages a[hreflang="${lang}"]`);
    await page.waitForLoadState("networkidle");
    report.switched.push(lang + " " + new URL(page.url()).pathname + " " + (await page.evaluate(() => document.documentElement.lang)));
  }
  await page.close();
}

// The in-browser check speaks the page's language.
{
  const { page, log } = await open(plan.check, 1280);
  await page.waitForSelector("#check-summary[data-checked=true]", { timeout: 10000 });
  await page.fill("#mine-email", "nobody@example.org");
  await page.click("#mine button");
  await page.waitForFunction(() => document.getElementById("mine-result").textContent !== "");
  report.check = await page.evaluate(() => ({
    verdict: document.getElementById("verdict-text").textContent,
    summary: document.getElementById("check-summary").textContent,
    steps: Array.from(document.querySelectorAll("#checklist li")).map((li) => li.textContent),
    mine: document.getElementById("mine-result").textContent,
  }));
  report.check.errors = log.errors;
  await page.close();
}

await finish(report);
