// rosette default theme: copy and print buttons, and on award pages the
// in-browser check of the published Open Badges data and the "is this
// award mine?" box. Nothing typed on the page is sent anywhere.
(function () {
  "use strict";

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      var done = function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(box.value).then(done, function () { box.select(); });
      } else {
        box.select();
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var dataElement = document.getElementById("check-data");
  if (!dataElement) return;
  var want = JSON.parse(dataElement.textContent);
  var subtle = window.crypto && window.crypto.subtle;

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }
  // sentence ends text with a period, unless it already ends with . ! or ?
  // (a revocation reason often does).
  function sentence(text) {
    return /[.!?]$/.test(text) ? text : text + ".";
  }
  function sha256(text) {
    return subtle.digest("SHA-256", new TextEncoder().encode(text)).then(hex);
  }

  // The "is this award mine?" box.
  var mine = document.getElementById("mine");
  if (mine && want.recipient) {
    if (!subtle) {
      mine.hidden = true;
    }
    mine.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = document.getElementById("mine-email").value.trim();
      var out = document.getElementById("mine-result");
      sha256(typed.toLowerCase() + want.recipient.Salt).then(function (digest) {
        var match = "sha256$" + digest === want.recipient.Identity.toLowerCase();
        out.className = match ? "match" : "nomatch";
        out.textContent = match
          ? "✓ Match: this award was issued to " + typed + "."
          : "✕ No match: this award was not issued to " + typed + ".";
      });
    });
  }

  // The in-browser check.
  var list = document.getElementById("checklist");
  var steps = [];
  function step(state, text) {
    steps.push({ state: state, text: text });
    var li = document.createElement("li");
    li.className = state;
    li.textContent = text;
    list.appendChild(li);
    list.hidden = false;
    return state === "ok";
  }
  function local(url) {
    return url.indexOf(want.base) === 0 ? want.root + url.slice(want.base.length) : url;
  }
  function get(url, asText) {
    return fetch(local(url), { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      return asText ? r.text() : r.json();
    });
  }
  function date(iso) {
    // Day month year, as the pages are written ("en" alone would give month day, year).
    var lang = document.documentElement.lang || "en";
    return new Date(iso).toLocaleDateString(/^en(-US)?$/i.test(lang) ? "en-GB" : lang,
      { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
  }

  function setVerdict(code, text, note) {
    var box = document.getElementById("verdict");
    box.className = "verdict verdict-" + (code === "invalid" ? "revoked" : code);
    document.getElementById("verdict-icon").textContent = code === "valid" ? "✓" : code === "expired" || code === "not-yet-valid" ? "!" : "✕";
    document.getElementById("verdict-text").textContent = text;
    if (note) document.getElementById("verdict-note").textContent = note;
    var summary = document.getElementById("check-summary");
    summary.setAttribute("data-status", code);
    summary.textContent = sentence("Checked in your browser just now: " + text);
    summary.setAttribute("data-checked", "true");
  }

  function pemKey(pem, alg) {
    var b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    var der = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
    var params = alg === "ES256" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    return subtle.importKey("spki", der, params, false, ["verify"]);
  }
  function b64url(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); });
  }
  // verifyJWS checks a compact JWS (RS256 or ES256) against a PEM public
  // key and resolves to its payload, parsed, or rejects.
  function verifyJWS(jws, pem) {
    var parts = jws.trim().split(".");
    if (parts.length !== 3) return Promise.reject(new Error("not a compact JWS"));
    var header = JSON.parse(new TextDecoder().decode(b64url(parts[0])));
    if (header.alg !== "RS256" && header.alg !== "ES256") return Promise.reject(new Error("unsupported algorithm " + header.alg));
    var params = header.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
    return pemKey(pem, header.alg).then(function (key) {
      return subtle.verify(params, key, b64url(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
    }).then(function (ok) {
      if (!ok) throw new Error("the signature does not match");
      return JSON.parse(new TextDecoder().decode(b64url(parts[1])));
    });
  }
  window.rosetteVerifyJWS = verifyJWS;

  function same(a, b) { return (a || "") === (b || ""); }

  function check() {
    var now = new Date();
    var assertion, badge, issuer;
    return get(want.id).then(function (as) {
      assertion = as;
      if (!step(as.id === want.id ? "ok" : "fail", as.id === want.id
        ? "The award data is published at its own address."
        : "The award data names another address: " + as.id)) return;
      if (as.revoked === true) {
        step("fail", sentence("The issuer has revoked this award: " + (as.revocationReason || "no reason given")));
        return "revoked";
      }
      var fields = as.type === "Assertion" && same(as.badge, want.badge) && same(as.issuedOn, want.issuedOn) &&
        same(as.expires, want.expires) && as.recipient && want.recipient &&
        same(as.recipient.identity, want.recipient.Identity) && same(as.recipient.salt, want.recipient.Salt);
      if (!step(fields ? "ok" : "fail", fields
        ? "The award data matches this page: badge, recipient and dates."
        : "The award data does not match this page: it has been changed since publication.")) return;
      return get(as.badge).then(function (bc) {
        badge = bc;
        var ok = bc.id === as.badge && bc.type === "BadgeClass" && same(bc.issuer, want.issuer);
        if (!step(ok ? "ok" : "fail", ok ? "The badge class \u201c" + bc.name + "\u201d is published and names its issuer."
          : "The badge class data is not consistent.")) return;
        return get(bc.issuer);
      }).then(function (is) {
        if (!is) return;
        issuer = is;
        var ok = is.id === badge.issuer && is.type === "Profile";
        if (!step(ok ? "ok" : "fail", ok ? "The issuer \u201c" + is.name + "\u201d is published." : "The issuer data is not consistent.")) return;
        var v = as.verification || {};
        if (/^(HostedBadge|hosted)$/.test(v.type)) {
          var scope = (is.verification && is.verification.startsWith) || new URL(is.id).origin;
          if (!step(as.id.indexOf(scope) === 0 ? "ok" : "fail", as.id.indexOf(scope) === 0
            ? "The issuer hosts this award at an address it controls."
            : "The award is not hosted where the issuer says its awards are.")) return;
        } else if (/^(SignedBadge|signed)$/.test(v.type) && !want.jws) {
          step("warn", "The award is signed, but this page does not link the signature to check.");
        }
        if (want.jws) {
          // The key is the one the signed payload names, listed by the
          // issuer and owned by it; only then is the signature checked.
          return get(want.jws, true).then(function (jws) {
            var body = JSON.parse(new TextDecoder().decode(b64url(jws.trim().split(".")[1] || "")));
            var creator = body.verification && body.verification.creator;
            var listed = [].concat(issuer.publicKey || []).map(function (k) { return k.id || k; });
            if (!creator || listed.indexOf(creator) < 0) throw new Error("the signing key is not one the issuer lists");
            return get(creator).then(function (key) {
              if (key.owner !== issuer.id) throw new Error("the signing key does not belong to the issuer");
              return verifyJWS(jws, key.publicKeyPem);
            });
          }).then(function (payload) {
            var ok = payload.id === as.id && same(payload.badge, as.badge) && payload.recipient && same(payload.recipient.identity, as.recipient.identity);
            return step(ok ? "ok" : "fail", ok ? "The issuer's signature is valid." : "The signed award differs from the published data.");
          }, function (err) {
            return step("fail", sentence("The signature could not be verified: " + err.message));
          });
        }
        return true;
      }).then(function (going) {
        if (!going || !issuer) return;
        if (!issuer.revocationList) return true;
        return get(issuer.revocationList).then(function (rl) {
          var hit = (rl.revokedAssertions || []).filter(function (r) { return (r.id || r) === as.id; })[0];
          if (hit) {
            step("fail", sentence("The issuer's revocation list revokes this award: " + (hit.revocationReason || "no reason given")));
            assertion.revocationReason = hit.revocationReason;
            return "revoked";
          }
          return step("ok", "The issuer's revocation list does not list this award.");
        });
      }).then(function (going) {
        if (going === "revoked") return going;
        if (!going) return;
        if (isNaN(new Date(as.issuedOn))) {
          step("fail", "The award's issue date is not a date.");
          return;
        }
        if (new Date(as.issuedOn) > now) {
          step("warn", "The award is dated " + date(as.issuedOn) + ": it is not valid before then.");
          return "not-yet-valid";
        }
        if (as.expires && new Date(as.expires) <= now) {
          step("warn", "The award expired on " + date(as.expires) + ".");
          return "expired";
        }
        step("ok", as.expires ? "The award is valid until " + date(as.expires) + "." : "The award does not expire.");
        return "valid";
      });
    }).then(function (result) {
      if (result === "valid") {
        setVerdict("valid", "Valid");
      } else if (result === "not-yet-valid") {
        setVerdict("not-yet-valid", "Not yet valid: issued on " + date(assertion.issuedOn), "The issuer dated this badge " + date(assertion.issuedOn) + ": it is not valid before then.");
      } else if (result === "expired") {
        setVerdict("expired", "Expired on " + date(assertion.expires), "This badge was awarded, but its validity period has ended.");
      } else if (result === "revoked") {
        setVerdict("revoked", "Revoked: " + (assertion.revocationReason || "no reason given"), "The issuer has withdrawn this badge. It is no longer valid.");
      } else {
        setVerdict("invalid", "Not verified", "The published data of this award failed a check (see Verification below). Do not rely on this badge.");
      }
    }, function (err) {
      step("warn", "The published data could not be fetched here (" + err.message + "); the status above is as published.");
      var summary = document.getElementById("check-summary");
      summary.setAttribute("data-status", "unchecked");
      summary.setAttribute("data-checked", "true");
    });
  }
  check();
})();
