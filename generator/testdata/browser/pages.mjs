// Drives headless Chromium through the pages of a built site and prints a
// JSON report on stdout; pages_browser_test.go asserts on it.
//
// Environment: ROSETTE_PLAYWRIGHT (path of playwright-core), ROSETTE_AXE
// (axe.min.js of axe-core), ROSETTE_CHROMIUM
// (the browser), ROSETTE_SITE (the site's base URL), ROSETTE_PLAN (JSON:
// {pages: [{name, path}], awards: {...}, emails: {...}}), ROSETTE_SHOTS
// (directory for screenshots, optional).
import { join } from "node:path";
import { base, browser, finish, origin, plan, shots } from "./chromium.mjs";

const report = { pages: {}, checks: {}, emails: {}, embeds: {} };

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
  page.on("requestfailed", (r) => log.errors.push("request failed: " + r.url()));
  const resp = await page.goto(base + path.replace(/^\//, ""), { waitUntil: "networkidle" });
  log.status = resp ? resp.status() : 0;
  return { page, log };
}

async function checked(page) {
  await page.waitForSelector("#check-summary[data-checked=true]", { timeout: 10000 });
  return page.evaluate(() => ({
    status: document.getElementById("check-summary").getAttribute("data-status"),
    verdict: document.getElementById("verdict-text").textContent,
    summary: document.getElementById("check-summary").textContent,
    steps: Array.from(document.querySelectorAll("#checklist li")).map((li) => li.className + ": " + li.textContent),
  }));
}

for (const { name, path } of plan.pages) {
  for (const width of [1280, 390]) {
    const { page, log } = await open(path, width);
    if (page.url().includes("/assertions/") && (await page.$("#check-summary"))) await checked(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const a11y = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      headings: Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6")).map((h) => Number(h.tagName[1])),
      noAlt: Array.from(document.images).filter((i) => !i.hasAttribute("alt")).map((i) => i.src),
      unlabelled: Array.from(document.querySelectorAll("input,textarea,select")).filter((f) => !f.labels || f.labels.length === 0).map((f) => f.id),
    }));
    if (shots) await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
    // axe-core, injected into the page (not fetched by it), WCAG 2.1 AA.
    await page.addScriptTag({ path: process.env.ROSETTE_AXE });
    const axe = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
        .then((r) => r.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).join(", ") + ")")));
    report.pages[`${name}@${width}`] = { ...log, overflow, ...a11y, axe };
    await page.close();
  }
}

for (const [name, path] of Object.entries(plan.awards)) {
  const { page, log } = await open(path, 1280);
  report.checks[name] = { ...(await checked(page)), errors: log.errors, outside: log.outside };
  await page.close();
}

for (const [name, { path, email }] of Object.entries(plan.emails)) {
  const { page } = await open(path, 1280);
  await page.fill("#mine-email", email);
  await page.click("#mine button");
  await page.waitForFunction(() => document.getElementById("mine-result").textContent !== "");
  report.emails[name] = await page.evaluate(() => ({
    className: document.getElementById("mine-result").className,
    text: document.getElementById("mine-result").textContent,
  }));
  await page.close();
}

// Every snippet renders: preview images load, and the profile wall iframe
// shows its badges.
for (const [name, path] of Object.entries(plan.embeds)) {
  const { page, log } = await open(path, 1280);
  const images = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".snippet-preview img")).map((i) => i.complete && i.naturalWidth > 0));
  let wall = -1;
  const frame = page.frames().find((f) => f.url().includes("/embed/"));
  if (frame) wall = await frame.evaluate(() => Array.from(document.images).filter((i) => i.complete && i.naturalWidth > 0).length);
  const previews = await page.evaluate(() => document.querySelectorAll(".snippet-preview").length);
  report.embeds[name] = { images, wall, previews, errors: log.errors, outside: log.outside };
  await page.close();
}

// The profile wall inside its iframe, on a desktop and a phone: every
// badge fully inside the frame, nothing to scroll to.
report.walls = {};
for (const width of [1280, 390]) {
  const { page } = await open(plan.embeds.earner, width);
  // The frame loads lazily: bring it into view and wait for it, so that a
  // slow machine does not measure a frame not yet loaded.
  const iframe = await page.$("iframe");
  if (iframe) {
    await iframe.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const d = document.querySelector("iframe").contentDocument;
      return d && d.readyState === "complete" && d.location.href.includes("/embed/");
    }, null, { timeout: 15000 }).catch(() => {});
  }
  const frame = page.frames().find((f) => f.url().includes("/embed/"));
  report.walls[width] = frame ? await frame.evaluate(() => ({
    hidden: Array.from(document.querySelectorAll("li")).filter((li) => li.getBoundingClientRect().bottom > window.innerHeight).length,
    cards: document.querySelectorAll("li").length,
    overflow: document.documentElement.scrollHeight - window.innerHeight,
  })) : null;
  await page.close();
}

// Award pages whose published documents are missing, broken or changed,
// through routes: the banner, its style and the steps of the check.
report.states = {};
for (const [name, st] of Object.entries(plan.states || {})) {
  const page = await browser.newPage();
  const log = { errors: [], outside: [] };
  page.on("pageerror", (e) => log.errors.push(String(e)));
  await page.route(base + st.doc.replace(/^\//, ""), (route) =>
    route.fulfill({ status: st.status, contentType: "application/json", body: st.body }));
  await page.goto(base + st.path.replace(/^\//, ""), { waitUntil: "networkidle" });
  const c = await checked(page);
  report.states[name] = {
    ...c, errors: log.errors,
    className: await page.evaluate(() => document.getElementById("verdict").className),
    note: await page.evaluate(() => document.getElementById("verdict-note").textContent),
  };
  await page.close();
}

// What the share panel and the images of each page offer.
report.panels = {};
for (const [name, path] of Object.entries(plan.panels || {})) {
  const { page } = await open(path, 1280);
  report.panels[name] = await page.evaluate(() => ({
    linkedIn: document.querySelectorAll(".button-linkedin").length,
    signature: document.querySelectorAll("#signature-code").length,
    verified: /Verified/.test(Array.from(document.querySelectorAll("textarea")).map((t) => t.value).join(" ")),
    heroFilter: (document.querySelector(".hero-image") && getComputedStyle(document.querySelector(".hero-image")).filter) || "",
    wallStatuses: Array.from(document.querySelectorAll("li")).map((li) =>
      li.className + ":" + ((li.querySelector("img") && getComputedStyle(li.querySelector("img")).filter) || "")),
  }));
  await page.close();
}

// Without the script, the award pages still say their status as published
// and hide the controls that need the script.
report.noscript = {};
for (const [name, path] of Object.entries(plan.awards)) {
  const page = await browser.newPage();
  await page.route("**/rosette.js", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
  await page.goto(base + path.replace(/^\//, ""), { waitUntil: "networkidle" });
  report.noscript[name] = await page.evaluate(() => ({
    verdict: document.getElementById("verdict-text").textContent,
    hiddenControls: Array.from(document.querySelectorAll(".js-only")).every((el) => el.offsetParent === null),
  }));
  await page.close();
}

// The signature check of the page's script, on JWS made by the Go test.
report.jws = {};
if (plan.jws) {
  const { page } = await open(plan.jws.path, 1280);
  for (const [name, c] of Object.entries(plan.jws.cases)) {
    report.jws[name] = await page.evaluate(([jws, pem]) =>
      window.rosetteVerifyJWS(jws, pem).then((p) => "ok " + p.id, (e) => "error " + e.message), [c.jws, c.pem]);
  }
  await page.close();
}

if (shots && plan.print) {
  const { page } = await open(plan.print, 1280);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: join(shots, "print.png"), fullPage: true });
  await page.close();
}

await finish(report);
