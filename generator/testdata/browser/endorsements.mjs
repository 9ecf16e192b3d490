// Opens a page in headless Chromium, waits for the in-browser check of
// its endorsements to finish, and prints on stdout, as JSON, each
// endorsement's URL with the state and text the check left.
//
// Environment: ROSETTE_PLAYWRIGHT (path of playwright-core),
// ROSETTE_CHROMIUM (the browser), ROSETTE_PAGE (the page's URL).
import { launch } from "./launch.mjs";

const { browser, close } = await launch({
  ignoreHTTPSErrors: true, // the outside site's certificate is the test's own
});
try {
  const page = await browser.newPage();
  await page.goto(process.env.ROSETTE_PAGE, { waitUntil: "load" });
  await page.waitForFunction(() => {
    const all = document.querySelectorAll("[data-endorsement] .endorsement-status");
    return all.length > 0 && Array.from(all).every((s) => s.getAttribute("data-state") && s.getAttribute("data-state") !== "pending");
  }, null, { timeout: 30000 });
  const out = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll("[data-endorsement]")).map((li) => {
    const s = li.querySelector(".endorsement-status");
    return [li.getAttribute("data-endorsement"), { state: s.getAttribute("data-state"), text: s.textContent, hidden: s.hidden }];
  })));
  process.stdout.write(JSON.stringify(out));
} finally {
  await close();
}
