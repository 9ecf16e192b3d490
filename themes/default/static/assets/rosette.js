// rosette default theme: copy and print buttons, and on award pages the
// in-browser check of the published Open Badges data and the "is this
// award mine?" box. Nothing typed on the page is sent anywhere.
(function () {
  "use strict";

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  // The build writes the messages of the page's language into the page,
  // and every date already formatted: the script writes no word or date
  // of its own, so that it says what the page says.
  var messageElement = document.getElementById("rosette-messages");
  var messages = messageElement ? JSON.parse(messageElement.textContent) : {};
  function msg(id, args) {
    var text = Object.prototype.hasOwnProperty.call(messages, id) ? messages[id] : id;
    return text.replace(/\{\{\.(\w+)\}\}/g, function (all, name) {
      return args && Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : all;
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-copy"));
      var done = function () {
        button.textContent = msg("script_copied");
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

  // Mastodon has no single site: the visitor names their server, and the
  // post opens there. Nothing is fetched.
  var mastodon = document.getElementById("mastodon");
  if (mastodon) {
    mastodon.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = document.getElementById("mastodon-server").value.trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
      var error = document.getElementById("mastodon-error");
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]+)?$/i.test(typed)) {
        error.textContent = msg("script_mastodon_error");
        return;
      }
      error.textContent = "";
      window.open("https://" + typed + "/share?text=" + encodeURIComponent(mastodon.getAttribute("data-text")), "_blank", "noopener");
    });
  }

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
  // (a revocation reason often does), or with the Arabic question mark.
  function sentence(text) {
    return /[.!?\u061f\u06d4]$/.test(text) ? text : text + ".";
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
        out.textContent = msg(match ? "script_mine_match" : "script_mine_no_match", { Email: typed });
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
  // unavailable is the error of a document that could not be fetched or
  // read: the check then cannot conclude, which is not a failed check.
  function unavailable(text) {
    var err = new Error(text);
    err.unavailable = true;
    return err;
  }
  // get fetches a published document, named by what in messages ("the
  // badge class"), as text or parsed JSON.
  function get(url, what, asText) {
    return fetch(local(url), { cache: "no-store" }).then(function (r) {
      if (r.status === 404 || r.status === 410) throw unavailable(msg("script_not_published", { What: what }));
      if (!r.ok) throw unavailable(msg("script_server_error", { What: what, Status: r.status }));
      return r.text();
    }, function () {
      throw unavailable(msg("script_fetch_failed", { What: what }));
    }).then(function (text) {
      if (asText) return text;
      try {
        return JSON.parse(text);
      } catch (e) {
        throw unavailable(msg("script_not_well_formed", { What: what }));
      }
    });
  }

  var published = document.getElementById("verdict-text").textContent;
  function setVerdict(code, text, note) {
    var box = document.getElementById("verdict");
    box.className = "verdict verdict-" + (code === "invalid" ? "revoked" : code);
    document.getElementById("verdict-icon").textContent = code === "valid" ? "✓" : code === "expired" || code === "not-yet-valid" ? "!" : code === "unchecked" ? "?" : "✕";
    document.getElementById("verdict-text").textContent = text;
    if (note) document.getElementById("verdict-note").textContent = note;
    var summary = document.getElementById("check-summary");
    summary.setAttribute("data-status", code);
    summary.textContent = code === "unchecked"
      ? sentence(msg("script_unchecked_summary", { Status: published }))
      : sentence(msg("script_checked_summary", { Status: text }));
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
    if (parts.length !== 3) return Promise.reject(new Error(msg("script_jws_not_compact")));
    var header;
    try {
      header = JSON.parse(new TextDecoder().decode(b64url(parts[0])));
    } catch (e) {
      return Promise.reject(new Error(msg("script_jws_malformed")));
    }
    if (header.alg !== "RS256" && header.alg !== "ES256") return Promise.reject(new Error(msg("script_jws_algorithm", { Algorithm: header.alg })));
    var params = header.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
    return pemKey(pem, header.alg).then(function (key) {
      return subtle.verify(params, key, b64url(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
    }, function () {
      throw new Error(msg("script_key_unreadable"));
    }).then(function (ok) {
      if (!ok) throw new Error(msg("script_signature_mismatch"));
      try {
        return JSON.parse(new TextDecoder().decode(b64url(parts[1])));
      } catch (e) {
        throw new Error(msg("script_signed_malformed"));
      }
    });
  }
  window.rosetteVerifyJWS = verifyJWS;

  function same(a, b) { return (a || "") === (b || ""); }
  // textsDigest is the SHA-256, in hex, of the narrative and evidence of a
  // hosted award, written as the build writes them for want.texts: each
  // text as its length in code points, ":", the text and ";".
  function textsDigest(as) {
    var out = "";
    function put(s) {
      s = typeof s === "string" ? s : s == null ? "" : JSON.stringify(s);
      out += Array.from(s).length + ":" + s + ";";
    }
    var evidence = [].concat(as.evidence || []);
    put(as.narrative);
    put(String(evidence.length));
    evidence.forEach(function (e) {
      if (typeof e === "string") e = { id: e };
      e = e || {};
      ["audience", "description", "genre", "id", "name", "narrative"].forEach(function (k) { put(e[k]); });
    });
    return sha256(out);
  }

  function check() {
    var now = new Date();
    var assertion, badge, issuer;
    return get(want.id, msg("script_what_award")).then(function (as) {
      if (!as || typeof as !== "object") throw unavailable(msg("script_not_well_formed", { What: msg("script_what_award") }));
      assertion = as;
      if (!step(as.id === want.id ? "ok" : "fail", as.id === want.id
        ? msg("script_award_at_address")
        : msg("script_award_other_address", { Address: as.id }))) return;
      if (as.revoked === true) {
        step("fail", sentence(msg("script_award_revoked", { Reason: as.revocationReason || msg("status_no_reason") })));
        return "revoked";
      }
      var fields = as.type === "Assertion" && same(as.badge, want.badge) && same(as.issuedOn, want.issuedOn) &&
        same(as.expires, want.expires) && as.recipient && want.recipient &&
        same(as.recipient.identity, want.recipient.Identity) && same(as.recipient.salt, want.recipient.Salt);
      var texts = want.texts && subtle ? textsDigest(as) : Promise.resolve(want.texts || "");
      return texts.then(function (digest) {
        var ok = fields && digest === (want.texts || "");
        if (!step(ok ? "ok" : "fail", ok
          ? msg("script_award_matches")
          : msg("script_award_changed"))) return;
        return get(as.badge, msg("script_what_badge"));
      }).then(function (bc) {
        if (!bc) return;
        badge = bc;
        var ok = bc.id === as.badge && bc.type === "BadgeClass" && same(bc.issuer, want.issuer);
        if (!step(ok ? "ok" : "fail", ok ? msg("script_badge_ok", { Name: bc.name })
          : msg("script_badge_bad"))) return;
        return get(bc.issuer, msg("script_what_issuer"));
      }).then(function (is) {
        if (!is) return;
        issuer = is;
        var ok = is.id === badge.issuer && is.type === "Profile";
        if (!step(ok ? "ok" : "fail", ok ? msg("script_issuer_ok", { Name: is.name }) : msg("script_issuer_bad"))) return;
        var v = as.verification || {};
        if (/^(HostedBadge|hosted)$/.test(v.type)) {
          var scope = (is.verification && is.verification.startsWith) || new URL(is.id).origin;
          if (!step(as.id.indexOf(scope) === 0 ? "ok" : "fail", as.id.indexOf(scope) === 0
            ? msg("script_hosted_ok")
            : msg("script_hosted_bad"))) return;
        } else if (/^(SignedBadge|signed)$/.test(v.type) && !want.jws) {
          step("warn", msg("script_signed_unlinked"));
        }
        if (want.jws) {
          // The key is the one the signed payload names, listed by the
          // issuer and owned by it; only then is the signature checked.
          return get(want.jws, msg("script_what_signed"), true).then(function (jws) {
            var body;
            try {
              body = JSON.parse(new TextDecoder().decode(b64url(jws.trim().split(".")[1] || "")));
            } catch (e) {
              throw new Error(msg("script_signed_malformed"));
            }
            var creator = body.verification && body.verification.creator;
            var listed = [].concat(issuer.publicKey || []).map(function (k) { return k.id || k; });
            if (!creator || listed.indexOf(creator) < 0) throw new Error(msg("script_key_unlisted"));
            return get(creator, msg("script_what_key")).then(function (key) {
              if (key.owner !== issuer.id) throw new Error(msg("script_key_not_owned"));
              return verifyJWS(jws, key.publicKeyPem);
            });
          }).then(function (payload) {
            var ok = payload.id === as.id && same(payload.badge, as.badge) && payload.recipient && same(payload.recipient.identity, as.recipient.identity);
            return step(ok ? "ok" : "fail", ok ? msg("script_signature_ok") : msg("script_signed_differs"));
          }, function (err) {
            if (err.unavailable) throw err;
            return step("fail", sentence(msg("script_signature_failed", { Reason: err.message })));
          });
        }
        return true;
      }).then(function (going) {
        if (!going || !issuer) return;
        if (!issuer.revocationList) return true;
        return get(issuer.revocationList, msg("script_what_revocations")).then(function (rl) {
          var hit = (rl.revokedAssertions || []).filter(function (r) { return (r.id || r) === as.id; })[0];
          if (hit) {
            step("fail", sentence(msg("script_revocation_listed", { Reason: hit.revocationReason || msg("status_no_reason") })));
            assertion.revocationReason = hit.revocationReason;
            return "revoked";
          }
          return step("ok", msg("script_revocation_clear"));
        });
      }).then(function (going) {
        if (going === "revoked") return going;
        if (!going) return;
        if (isNaN(new Date(as.issuedOn))) {
          step("fail", msg("script_date_invalid"));
          return;
        }
        // The dates are those of the page (the data matched it above),
        // as the build wrote them.
        if (new Date(as.issuedOn) > now) {
          step("warn", msg("script_not_yet_valid", { Date: want.issuedText }));
          return "not-yet-valid";
        }
        if (as.expires && new Date(as.expires) <= now) {
          step("warn", msg("script_expired", { Date: want.expiresText }));
          return "expired";
        }
        step("ok", as.expires ? msg("script_valid_until", { Date: want.expiresText }) : msg("script_no_expiry"));
        return "valid";
      });
    }).then(function (result) {
      if (result === "valid") {
        setVerdict("valid", msg("status_valid"));
      } else if (result === "not-yet-valid") {
        setVerdict("not-yet-valid", msg("status_text_not_yet_valid", { Date: want.issuedText }), msg("script_not_yet_valid", { Date: want.issuedText }));
      } else if (result === "expired") {
        setVerdict("expired", msg("status_text_expired", { Date: want.expiresText }), msg("script_verdict_expired"));
      } else if (result === "revoked") {
        setVerdict("revoked", msg("status_text_revoked", { Reason: assertion.revocationReason || msg("status_no_reason") }), msg("script_verdict_revoked"));
      } else {
        setVerdict("invalid", msg("status_not_verified"), msg("script_verdict_invalid"));
      }
    }).catch(function (err) {
      // Only the messages written above are shown; anything else (a
      // document of an unexpected shape) is described, not quoted.
      var why = err && err.unavailable ? err.message : msg("script_unreadable");
      step("warn", sentence(msg("script_incomplete", { Reason: why })));
      setVerdict("unchecked", msg("status_unchecked"),
        sentence(msg("script_published_status", { Status: published })) + " " + msg("script_unchecked_note"));
    });
  }
  check();
})();
