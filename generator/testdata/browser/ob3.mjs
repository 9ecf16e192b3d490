// Drives headless Chromium through the award pages of a signed Open
// Badges 3.0 site, each with some of its files replaced, and prints a JSON
// report of the in-browser check on stdout; pages_ob3_browser_test.go
// asserts on it.
//
// Environment: see chromium.mjs; ROSETTE_PLAN is JSON,
// {name: {path, init, routes: [{path, status, body}]}}: the page, a script
// to run before the page's own, and the files to serve instead.
import { join } from "node:path";
import { base, browser, finish, origin, plan, shots } from "./chromium.mjs";

const report = {};
for (const [name, c] of Object.entries(plan)) {
  const page = await browser.newPage();
  const log = { errors: [], outside: [] };
  page.on("console", (m) => { if (m.type() === "error" && !/status of 404/.test(m.text())) log.errors.push(m.text()); });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin + "/") && !u.startsWith("data:") && !u.startsWith("about:")) log.outside.push(u);
  });
  if (c.init) await page.addInitScript(c.init);
  for (const r of c.routes || []) {
    await page.route(base + r.path.replace(/^\//, ""), (route) =>
      route.fulfill({ status: r.status, contentType: "application/json", body: r.body }));
  }
  await page.goto(base + c.path.replace(/^\//, ""), { waitUntil: "networkidle" });
  await page.waitForSelector("#check-summary[data-checked=true]", { timeout: 15000 });
  report[name] = {
    ...log,
    ...(await page.evaluate(() => ({
      status: document.getElementById("check-summary").getAttribute("data-status"),
      verdict: document.getElementById("verdict-text").textContent,
      note: document.getElementById("verdict-note").textContent,
      checked: (document.getElementById("verdict-checked") || {}).textContent || "",
      className: document.getElementById("verdict").className,
      summary: document.getElementById("check-summary").textContent,
      steps: Array.from(document.querySelectorAll("#checklist li")).map((li) => li.className + ": " + li.textContent),
    }))),
  };
  if (shots) {
    await page.locator("#verdict").screenshot({ path: join(shots, `ob3-${name}-banner.png`) });
    await page.locator("section.check").screenshot({ path: join(shots, `ob3-${name}-steps.png`) });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.locator("#verdict").screenshot({ path: join(shots, `ob3-${name}-banner-390.png`) });
  }
  await page.close();
}
await finish(report);
