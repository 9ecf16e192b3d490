// Drives headless Chromium through the home page's search and a profile's
// "Download all", and prints a JSON report on stdout;
// takealong_browser_test.go asserts on it.
//
// Environment: ROSETTE_PLAYWRIGHT, ROSETTE_CHROMIUM, ROSETTE_AXE and
// ROSETTE_SITE as for pages.mjs; ROSETTE_PLAN (JSON: {searches: {name:
// query}, profile: path, downloads: directory to save the downloads in});
// ROSETTE_SHOTS (directory for screenshots, optional).
import { join } from "node:path";
import { base, browser, finish, origin, plan, shots } from "./chromium.mjs";

const report = { searches: {}, downloads: {} };

async function open(path, width) {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const log = { errors: [], outside: [] };
  page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin + "/") && !u.startsWith("data:") && !u.startsWith("blob:") && !u.startsWith("about:")) log.outside.push(u);
  });
  await page.goto(base + path.replace(/^\//, ""), { waitUntil: "networkidle" });
  return { page, log };
}

async function axe(page) {
  await page.addScriptTag({ path: process.env.ROSETTE_AXE });
  return page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
      .then((r) => r.violations.map((v) => v.id + ": " + v.help + " (" + v.nodes.map((n) => n.target.join(" ")).join(", ") + ")")));
}

// What the home page shows: the search form, the status, the results and
// the full lists, as a person sees them (hidden elements left out).
function homeState() {
  const shown = (el) => !!el && el.offsetParent !== null;
  const names = (sel) => Array.from(document.querySelectorAll(sel)).filter(shown).map((el) => el.textContent.trim());
  return {
    form: shown(document.getElementById("search")),
    status: document.getElementById("search-status").textContent,
    role: document.getElementById("search-status").getAttribute("role"),
    badges: names("#results-badges .card-title"),
    earners: names("#results-earners a"),
    fullBadges: names("[data-search-full] .card-title"),
    fullEarners: names("[data-search-full] .earners a"),
  };
}

// Searches, one page per width: the box reached with Tab, each query
// typed one key at a time, then cleared with Escape. axe-core runs on the
// first results.
for (const width of [1280, 390]) {
  const { page, log } = await open("/", width);
  let tabs = 0;
  while (tabs < 20 && !(await page.evaluate(() => document.activeElement && document.activeElement.id === "search-input"))) {
    await page.keyboard.press("Tab");
    tabs++;
  }
  let first = true;
  for (const [name, query] of Object.entries(plan.searches)) {
    await page.keyboard.type(query, { delay: 10 });
    await page.waitForSelector("#search[data-state=done]", { timeout: 10000 });
    const state = await page.evaluate(homeState);
    if (shots) await page.screenshot({ path: join(shots, `search-${name}-${width}.png`), fullPage: true });
    const violations = first ? await axe(page) : [];
    first = false;
    await page.focus("#search-input");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#search[data-state=idle]", { timeout: 10000 });
    report.searches[`${name}@${width}`] = {
      ...state, tabs, axe: violations, errors: log.errors, outside: log.outside,
      cleared: await page.evaluate(homeState),
    };
  }
  await page.close();
}

// Without the script: no search box, every badge and earner listed.
{
  const page = await browser.newPage();
  await page.route(/\/assets\/(rosette|search)\.js$/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" }));
  await page.goto(base, { waitUntil: "networkidle" });
  report.noscript = await page.evaluate(homeState);
  if (shots) await page.screenshot({ path: join(shots, "search-noscript-1280.png"), fullPage: true });
  await page.close();
}

// Download all: the archive and the wallet file, each saved as the
// browser received it.
async function download(button, file, width, checkAxe) {
  const { page, log } = await open(plan.profile, width);
  const bundle = await page.evaluate(() => JSON.parse(document.getElementById("bundle-data").textContent));
  const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 20000 }), page.click(`[data-bundle=${button}]`)]);
  const path = join(plan.downloads, file);
  await dl.saveAs(path);
  await page.waitForSelector("#takeaway[data-state=done]");
  const out = {
    path, bundle, suggested: dl.suggestedFilename(),
    status: await page.evaluate(() => document.getElementById("bundle-status").textContent),
    axe: checkAxe ? await axe(page) : [], errors: log.errors, outside: log.outside,
  };
  if (shots) await page.locator("#takeaway").screenshot({ path: join(shots, `download-${button}-${width}.png`) });
  await page.close();
  return out;
}
report.downloads.archive = await download("archive", "archive.zip", 1280, true);

// The ZIP writer itself, on names beyond ASCII and an empty file: the
// archive comes back as base64.
{
  const { page } = await open(plan.profile, 1280);
  report.zip = await page.evaluate(async () => {
    const utf8 = new TextEncoder();
    const blob = window.rosetteZip([
      { name: "Résumé/證書 ✓.txt", data: utf8.encode("héllo\n") },
      { name: "empty", data: new Uint8Array(0) },
    ]);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  await page.close();
}
report.downloads.wallet = await download("wallet", "wallet.json", 390, false);

// A file that cannot be fetched: nothing is downloaded, and the page says
// which file and why, in words.
for (const [name, fail] of Object.entries({
  missing: (route) => route.fulfill({ status: 404, contentType: "text/html", body: "not found" }),
  network: (route) => route.abort("failed"),
  broken: (route) => route.fulfill({ status: 200, contentType: "application/json", body: "[1," }),
})) {
  const { page, log } = await open(plan.profile, 1280);
  const bundle = await page.evaluate(() => JSON.parse(document.getElementById("bundle-data").textContent));
  const button = name === "broken" ? "wallet" : "archive";
  const target = name === "broken" ? bundle.credentials[1] : bundle.files[2].path;
  await page.route(origin + target, fail);
  let downloads = 0;
  page.on("download", () => downloads++);
  await page.click(`[data-bundle=${button}]`);
  await page.waitForSelector("#takeaway[data-state=failed]", { timeout: 20000 });
  if (shots) await page.locator("#takeaway").screenshot({ path: join(shots, `download-failed-${name}.png`) });
  report.downloads["failed-" + name] = {
    downloads, target,
    status: await page.evaluate(() => document.getElementById("bundle-status").textContent),
    links: await page.evaluate(() => document.querySelectorAll("#bundle-status a").length),
    errors: log.errors.filter((e) => !/status of 404|ERR_FAILED/.test(e)),
  };
  await page.close();
}

await finish(report);
