// rosette default theme: copy and print buttons, and on award pages the
// in-browser check of the published Open Badges data and the "is this
// award mine?" box. Nothing typed on the page is sent anywhere.
(function () {
  "use strict";

  // What the Open Badges 3.0 part of the check says, in one place: {name}
  // stands for a value filled in when the message is shown.
  var MESSAGES = {
    checked: "Checked in your browser just now: {list}.",
    checked20: "the Open Badges 2.0 award data",
    checkedJWS: "the Open Badges 2.0 signature",
    checkedList: "the issuer's revocation list",
    checked30: "the Open Badges 3.0 credential and signature",
    checkedStatus: "the 3.0 status list",
    and: " and ",
    comma: ", ",
    jwtWhat: "the Open Badges 3.0 credential",
    keyWhat: "the issuer's Open Badges 3.0 key",
    didWhat: "the issuer's identity document (DID)",
    statusWhat: "the issuer's Open Badges 3.0 status list",
    unsupported: "This browser cannot check the Open Badges 3.0 signature; the Open Badges 2.0 checks do not need it. A current version of Firefox, Chrome, Edge or Safari checks both.",
    statusUnsupported: "This browser cannot read the issuer's Open Badges 3.0 status list; the Open Badges 2.0 revocation list was checked instead.",
    notSigned: "The Open Badges 3.0 credential is not a signed credential that can be checked: it has been damaged or replaced.",
    otherMethod: "The Open Badges 3.0 credential is signed in a way this page does not check ({alg}).",
    keyElsewhere: "The Open Badges 3.0 credential names a key that is not published by this issuer on this site ({kid}), so its signature cannot be trusted.",
    noKey: "no key named",
    keyUnreadable: "The issuer's Open Badges 3.0 key could not be read.",
    keyNotListed: "The key that signed the Open Badges 3.0 credential is not one the issuer lists in its identity document (DID).",
    signatureBad: "The Open Badges 3.0 signature does not match: the credential has been changed since the issuer signed it.",
    signatureOK: "The issuer's signature on the Open Badges 3.0 credential is valid.",
    fieldsBad: "The Open Badges 3.0 credential does not match this page ({list}).",
    fieldsOK: "The Open Badges 3.0 credential matches this page: issuer, badge, recipient and dates.",
    fieldIssuer: "the issuer",
    fieldID: "its address",
    fieldSubject: "the earner's identifier",
    fieldDates: "the dates",
    fieldBadge: "the badge",
    fieldRecipient: "the recipient",
    fieldStatus: "its place in the status list",
    fieldType: "its type",
    notYet: "The Open Badges 3.0 credential is not valid before {date}.",
    expired: "The Open Badges 3.0 credential expired on {date}.",
    noStatus: "The Open Badges 3.0 credential names no status list; whether it is revoked was checked with the Open Badges 2.0 data.",
    statusOther: "The issuer's Open Badges 3.0 status list is not the list this credential names, or not the issuer's.",
    statusShort: "The issuer's Open Badges 3.0 status list is too short to hold this award's entry.",
    statusUnreadable: "the issuer's Open Badges 3.0 status list could not be read",
    statusOK: "The issuer's Open Badges 3.0 status list does not mark this award revoked.",
    statusRevoked: "The issuer's Open Badges 3.0 status list marks this award revoked.",
    revoked: "Revoked",
    revokedNote: "The issuer's status list marks this badge as revoked. It is no longer valid."
  };
  // message returns MESSAGES[key] with each {name} replaced by vars[name].
  function message(key, vars) {
    return MESSAGES[key].replace(/\{(\w+)\}/g, function (all, name) {
      return vars && name in vars ? vars[name] : all;
    });
  }
  // listed joins words into a list: "a", "a and b", "a, b and c".
  function listed(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(MESSAGES.comma) + MESSAGES.and + words[words.length - 1];
  }

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

  // Mastodon has no single site: the visitor names their server, and the
  // post opens there. Nothing is fetched.
  var mastodon = document.getElementById("mastodon");
  if (mastodon) {
    mastodon.addEventListener("submit", function (event) {
      event.preventDefault();
      var typed = document.getElementById("mastodon-server").value.trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
      var error = document.getElementById("mastodon-error");
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]+)?$/i.test(typed)) {
        error.textContent = "Type the address of your Mastodon server, such as mastodon.social.";
        return;
      }
      error.textContent = "";
      window.open("https://" + typed + "/share?text=" + encodeURIComponent(mastodon.getAttribute("data-text")), "_blank", "noopener");
    });
  }

  // Endorsements: each one published as Open Badges JSON, here or on the
  // endorser's own site, is fetched and compared with what the page says:
  // its claim names what the page shows, its issuer is the endorser, and
  // it is not revoked. A document that cannot be fetched is "not checked",
  // never a pass.
  var ENDORSEMENT_TEXT = {
    checking: "Checking…",
    ok: "✓ Checked just now: published by {by}, about this page's subject.",
    unavailable: "? Could not be checked right now.",
    revoked: "✕ Withdrawn by the endorser.",
    claim: "✕ Does not match: the published endorsement is about something else.",
    issuer: "✕ Does not match: the published endorsement is not by {by}."
  };
  function endorsementText(key, by) {
    return ENDORSEMENT_TEXT[key].replace("{by}", by);
  }
  // fetchJSON fetches a document of an endorsement, which may be on
  // another site: without credentials or referrer, for at most
  // ENDORSEMENT_WAIT ms and ENDORSEMENT_BYTES bytes.
  var ENDORSEMENT_WAIT = 10000, ENDORSEMENT_BYTES = 262144;
  function fetchJSON(url) {
    var abort = window.AbortController ? new AbortController() : null;
    var timer = abort && setTimeout(function () { abort.abort(); }, ENDORSEMENT_WAIT);
    return fetch(url, { cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer", signal: abort && abort.signal }).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      if (Number(r.headers.get("Content-Length")) > ENDORSEMENT_BYTES) throw new Error("too large");
      if (!r.body || !r.body.getReader) return r.text();
      var reader = r.body.getReader(), chunks = [], size = 0;
      function more() {
        return reader.read().then(function (part) {
          if (part.done) return new Blob(chunks).text();
          size += part.value.length;
          if (size > ENDORSEMENT_BYTES) {
            reader.cancel();
            throw new Error("too large");
          }
          chunks.push(part.value);
          return more();
        });
      }
      return more();
    }).then(function (text) {
      clearTimeout(timer);
      if (text.length > ENDORSEMENT_BYTES) throw new Error("too large");
      return JSON.parse(text);
    }, function (err) {
      clearTimeout(timer);
      throw err;
    });
  }
  // httpsURL reports whether a URL read from a fetched document may be
  // fetched in turn: an absolute https URL only.
  function httpsURL(url) {
    return typeof url === "string" && /^https:\/\/[^\/?#]/i.test(url);
  }
  // revokedIn reports whether a revocation list names the endorsement.
  function revokedIn(list, ids) {
    return Array.isArray(list && list.revokedAssertions) && list.revokedAssertions.some(function (r) {
      var id = typeof r === "string" ? r : r && r.id;
      return ids.indexOf(id) >= 0;
    });
  }
  document.querySelectorAll("[data-endorsement]").forEach(function (item) {
    var out = item.querySelector(".endorsement-status");
    if (!out || !window.fetch) return;
    var by = item.getAttribute("data-issuer-name");
    var show = function (state, key) {
      out.hidden = false;
      out.setAttribute("data-state", state);
      out.textContent = " · " + endorsementText(key, by);
    };
    show("pending", "checking");
    var url = item.getAttribute("data-path") || item.getAttribute("data-endorsement");
    var wantIssuer = item.getAttribute("data-issuer");
    fetchJSON(url).then(function (doc) {
      if (doc.revoked) return show("fail", "revoked");
      var claim = doc.claim && (typeof doc.claim === "string" ? doc.claim : doc.claim.id);
      if (claim !== item.getAttribute("data-claim")) return show("fail", "claim");
      var issuer = doc.issuer;
      var issuerURL = typeof issuer === "string" ? issuer : issuer && issuer.id;
      if (wantIssuer) {
        return show(issuerURL === wantIssuer ? "ok" : "fail", issuerURL === wantIssuer ? "ok" : "issuer");
      }
      var embedded = typeof issuer === "object" && issuer && issuer.name;
      if (!embedded && !httpsURL(issuerURL)) return show("fail", "issuer");
      var profile = embedded ? Promise.resolve(issuer) : fetchJSON(issuerURL);
      return profile.then(function (p) {
        if (!p || p.name !== by) return show("fail", "issuer");
        // The endorser withdraws an endorsement by serving it revoked or
        // by listing it in its revocation list.
        if (p.revocationList === undefined) return show("ok", "ok");
        if (!httpsURL(p.revocationList)) return show("unavailable", "unavailable");
        return fetchJSON(p.revocationList).then(function (list) {
          if (revokedIn(list, [doc.id, item.getAttribute("data-endorsement")])) return show("fail", "revoked");
          show("ok", "ok");
        });
      });
    }).catch(function () {
      show("unavailable", "unavailable");
    });
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
      if (r.status === 404 || r.status === 410) throw unavailable(what + " is not published at its address any more");
      if (!r.ok) throw unavailable("the server did not return " + what + " (error " + r.status + ")");
      return r.text();
    }, function () {
      throw unavailable(what + " could not be fetched (the network or the server did not answer)");
    }).then(function (text) {
      if (asText) return text;
      try {
        return JSON.parse(text);
      } catch (e) {
        throw unavailable(what + " could not be read: it is not well-formed Open Badges data");
      }
    });
  }
  function date(iso) {
    // Day month year, as the pages are written ("en" alone would give month day, year).
    var lang = document.documentElement.lang || "en";
    return new Date(iso).toLocaleDateString(/^en(-US)?$/i.test(lang) ? "en-GB" : lang,
      { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
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
      ? sentence("Could not be checked in your browser just now. Status when this page was published: " + published)
      : sentence("Checked in your browser just now: " + text);
    summary.setAttribute("data-checked", "true");
  }

  // showChecked says in the banner what the check covered and, in words,
  // what this browser could not check.
  function showChecked(checked, tell) {
    if (!checked.length && !tell.length) return;
    var p = document.getElementById("verdict-checked");
    if (!p) {
      p = document.createElement("p");
      p.id = "verdict-checked";
      p.className = "verdict-checked";
      document.getElementById("verdict-note").insertAdjacentElement("afterend", p);
    }
    var text = checked.length ? message("checked", { list: listed(checked) }) : "";
    p.textContent = [text].concat(tell).join(" ").trim();
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
    var header;
    try {
      header = JSON.parse(new TextDecoder().decode(b64url(parts[0])));
    } catch (e) {
      return Promise.reject(new Error("the signature is not well-formed"));
    }
    if (header.alg !== "RS256" && header.alg !== "ES256") return Promise.reject(new Error("unsupported algorithm " + header.alg));
    var params = header.alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
    return pemKey(pem, header.alg).then(function (key) {
      return subtle.verify(params, key, b64url(parts[2]), new TextEncoder().encode(parts[0] + "." + parts[1]));
    }, function () {
      throw new Error("the issuer's key could not be read");
    }).then(function (ok) {
      if (!ok) throw new Error("the signature does not match");
      try {
        return JSON.parse(new TextDecoder().decode(b64url(parts[1])));
      } catch (e) {
        throw new Error("the signed award is not well-formed");
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

  // canVerify reports whether this browser has WebCrypto signatures at all
  // (RSA itself is known only when a key is imported).
  function canVerify() {
    return !!(subtle && typeof subtle.importKey === "function" && typeof subtle.verify === "function");
  }
  function canGunzip() {
    try {
      new DecompressionStream("gzip"); // eslint-disable-line no-new
      return typeof Blob === "function" && typeof Response === "function";
    } catch (e) {
      return false;
    }
  }
  // gunzip decompresses bytes, reading at most limit bytes of output.
  function gunzip(bytes, limit) {
    var reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
    var parts = [], size = 0;
    function more() {
      return reader.read().then(function (r) {
        if (r.done) {
          var out = new Uint8Array(size), at = 0;
          parts.forEach(function (p) { out.set(p, at); at += p.length; });
          return out;
        }
        size += r.value.length;
        if (size > limit) {
          reader.cancel();
          throw new Error("too large");
        }
        parts.push(r.value);
        return more();
      });
    }
    return more();
  }
  function decodePart(part) {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(b64url(part)));
  }
  function types(v) { return [].concat(v == null ? [] : v); }
  function idOf(v) { return v && typeof v === "object" ? v.id : v; }
  function sameDate(seconds, iso) {
    return iso ? seconds === Date.parse(iso) / 1000 : seconds === undefined;
  }

  // check3 is the Open Badges 3.0 part of the check: the VC-JWT's RS256
  // signature with the issuer's key (named by its kid, published by the
  // issuer on this site and listed in its DID document), its claims and
  // credential against this page, and the award's bit in the issuer's
  // status list. It adds to checked what it checked and to tell what this
  // browser could not check, and resolves to "revoked3" when the status
  // list revokes the award, to nothing when a check failed, and otherwise
  // to result, the 2.0 check's.
  function check3(result, now, checked, tell) {
    var o = want.ob3;
    function unsupported() {
      step("warn", MESSAGES.unsupported);
      tell.push(MESSAGES.unsupported);
      return result;
    }
    return Promise.resolve(canVerify()).then(function (can) {
      if (!can) return unsupported();
      var token, header, claims, jwk;
      return get(o.jwt, MESSAGES.jwtWhat, true).then(function (text) {
        token = text.trim();
        var parts = token.split(".");
        try {
          if (parts.length !== 3) throw new Error();
          header = decodePart(parts[0]);
          claims = decodePart(parts[1]);
          if (!header || !claims || typeof claims !== "object") throw new Error();
        } catch (e) {
          return step("fail", MESSAGES.notSigned);
        }
        if (header.alg !== "RS256") return step("fail", message("otherMethod", { alg: String(header.alg).slice(0, 40) }));
        // The key must be one this issuer publishes on this very site.
        var kid = typeof header.kid === "string" ? header.kid : "";
        if (kid.indexOf(o.keys) !== 0 || !/\.jwk\.json$/.test(kid) || /[?#]|\/\.\.?\//.test(kid.slice(o.keys.length))) {
          return step("fail", message("keyElsewhere", { kid: kid.slice(0, 200) || MESSAGES.noKey }));
        }
        return get(kid, MESSAGES.keyWhat).then(function (k) {
          jwk = k;
          return get(o.didDocument, MESSAGES.didWhat);
        }).then(function (did) {
          if (!jwk || jwk.kty !== "RSA" || typeof jwk.n !== "string" || typeof jwk.e !== "string") return step("fail", MESSAGES.keyUnreadable);
          var methods = did && did.id === o.did ? [].concat(did.verificationMethod || []) : [];
          var assertion = did ? [].concat(did.assertionMethod || []).map(idOf) : [];
          var owned = methods.some(function (m) {
            var pk = m && m.publicKeyJwk;
            return pk && m.controller === o.did && assertion.indexOf(m.id) >= 0 && pk.kty === "RSA" && pk.n === jwk.n && pk.e === jwk.e;
          });
          if (!owned) return step("fail", MESSAGES.keyNotListed);
          return subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e }, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]).then(function (key) {
            var dot = token.lastIndexOf(".");
            var signature;
            try {
              signature = b64url(token.slice(dot + 1));
            } catch (e) {
              return false;
            }
            return subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, signature, new TextEncoder().encode(token.slice(0, dot)));
          }, function (err) {
            return err && err.name === "NotSupportedError" ? "unsupported" : null;
          }).then(function (ok) {
            if (ok === "unsupported") return ok;
            if (ok === null) return step("fail", MESSAGES.keyUnreadable);
            return step(ok ? "ok" : "fail", ok ? MESSAGES.signatureOK : MESSAGES.signatureBad);
          });
        });
      }).then(function (going) {
        if (going === "unsupported") return unsupported();
        if (!going) return;
        // The claims and the credential against this page.
        var c = claims, subject = c.credentialSubject || {}, ach = subject.achievement || {};
        var bad = [];
        if (types(c.type).indexOf("OpenBadgeCredential") < 0) bad.push(MESSAGES.fieldType);
        if (c.iss !== o.did || idOf(c.issuer) !== o.did || (c.issuer && c.issuer.name !== o.issuerName)) bad.push(MESSAGES.fieldIssuer);
        if (c.jti !== o.credential || c.id !== o.credential) bad.push(MESSAGES.fieldID);
        if (c.sub !== o.subject || subject.id !== o.subject) bad.push(MESSAGES.fieldSubject);
        if (!sameDate(c.nbf, want.issuedOn) || !sameDate(c.exp, want.expires) || !same(c.validFrom, want.issuedOn) || !same(c.validUntil, want.expires)) bad.push(MESSAGES.fieldDates);
        if (ach.id !== o.achievement || ach.name !== o.name) bad.push(MESSAGES.fieldBadge);
        var r = want.recipient || {};
        var mine = types(subject.identifier).some(function (i) {
          return i && i.hashed === true && same(i.identityHash, r.Identity) && same(i.salt, r.Salt);
        });
        if (!mine) bad.push(MESSAGES.fieldRecipient);
        var st = c.credentialStatus;
        if (o.statusList ? !(st && st.statusListCredential === o.statusList && st.statusListIndex === o.index && st.statusPurpose === "revocation") : st) bad.push(MESSAGES.fieldStatus);
        if (bad.length) return step("fail", message("fieldsBad", { list: listed(bad) }));
        step("ok", MESSAGES.fieldsOK);
        checked.push(MESSAGES.checked30);
        if (c.nbf * 1000 > now) {
          step("warn", message("notYet", { date: date(want.issuedOn) }));
        } else if (c.exp !== undefined && c.exp * 1000 <= now) {
          step("warn", message("expired", { date: date(want.expires) }));
        }
        if (!o.statusList) {
          step("warn", MESSAGES.noStatus);
          return result;
        }
        if (!canGunzip()) {
          step("warn", MESSAGES.statusUnsupported);
          tell.push(MESSAGES.statusUnsupported);
          return result;
        }
        return get(o.statusList, MESSAGES.statusWhat).then(function (list) {
          var subj = (list && list.credentialSubject) || {};
          if (list.id !== o.statusList || types(list.type).indexOf("BitstringStatusListCredential") < 0 ||
              idOf(list.issuer) !== o.did || subj.statusPurpose !== "revocation") {
            return step("fail", MESSAGES.statusOther);
          }
          var encoded = subj.encodedList;
          var bytes;
          try {
            if (typeof encoded !== "string" || encoded.charAt(0) !== "u" || encoded.length > 1 << 24) throw new Error();
            bytes = b64url(encoded.slice(1));
          } catch (e) {
            throw unavailable(MESSAGES.statusUnreadable);
          }
          return gunzip(bytes, 16 << 20).then(function (bits) {
            var index = Number(o.index);
            if (index >> 3 >= bits.length) return step("fail", MESSAGES.statusShort);
            if (bits[index >> 3] & (0x80 >> (index & 7))) {
              step("fail", MESSAGES.statusRevoked);
              checked.push(MESSAGES.checkedStatus);
              return "revoked3";
            }
            step("ok", MESSAGES.statusOK);
            checked.push(MESSAGES.checkedStatus);
            return result;
          }, function () {
            throw unavailable(MESSAGES.statusUnreadable);
          });
        });
      });
    });
  }

  function check() {
    var now = new Date();
    var assertion, badge, issuer;
    var checked = [], tell = []; // what was checked, and what could not be
    return get(want.id, "the award data").then(function (as) {
      if (!as || typeof as !== "object") throw unavailable("the award data could not be read: it is not well-formed Open Badges data");
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
      var texts = want.texts && subtle ? textsDigest(as) : Promise.resolve(want.texts || "");
      return texts.then(function (digest) {
        var ok = fields && digest === (want.texts || "");
        if (ok) checked.push(MESSAGES.checked20);
        if (!step(ok ? "ok" : "fail", ok
          ? "The award data matches this page: badge, recipient, dates, narrative and evidence."
          : "The award data does not match this page: it has been changed since publication.")) return;
        return get(as.badge, "the badge class");
      }).then(function (bc) {
        if (!bc) return;
        badge = bc;
        var ok = bc.id === as.badge && bc.type === "BadgeClass" && same(bc.issuer, want.issuer);
        if (!step(ok ? "ok" : "fail", ok ? "The badge class \u201c" + bc.name + "\u201d is published and names its issuer."
          : "The badge class data is not consistent.")) return;
        return get(bc.issuer, "the issuer's profile");
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
          return get(want.jws, "the signed award", true).then(function (jws) {
            var body;
            try {
              body = JSON.parse(new TextDecoder().decode(b64url(jws.trim().split(".")[1] || "")));
            } catch (e) {
              throw new Error("the signed award is not well-formed");
            }
            var creator = body.verification && body.verification.creator;
            var listed = [].concat(issuer.publicKey || []).map(function (k) { return k.id || k; });
            if (!creator || listed.indexOf(creator) < 0) throw new Error("the signing key is not one the issuer lists");
            return get(creator, "the issuer's public key").then(function (key) {
              if (key.owner !== issuer.id) throw new Error("the signing key does not belong to the issuer");
              return verifyJWS(jws, key.publicKeyPem);
            });
          }).then(function (payload) {
            var ok = payload.id === as.id && same(payload.badge, as.badge) && payload.recipient && same(payload.recipient.identity, as.recipient.identity);
            if (ok) checked.push(MESSAGES.checkedJWS);
            return step(ok ? "ok" : "fail", ok ? "The issuer's signature is valid." : "The signed award differs from the published data.");
          }, function (err) {
            if (err.unavailable) throw err;
            return step("fail", sentence("The signature could not be verified: " + err.message));
          });
        }
        return true;
      }).then(function (going) {
        if (!going || !issuer) return;
        if (!issuer.revocationList) return true;
        return get(issuer.revocationList, "the issuer's revocation list").then(function (rl) {
          var hit = (rl.revokedAssertions || []).filter(function (r) { return (r.id || r) === as.id; })[0];
          if (hit) {
            step("fail", sentence("The issuer's revocation list revokes this award: " + (hit.revocationReason || "no reason given")));
            assertion.revocationReason = hit.revocationReason;
            return "revoked";
          }
          checked.push(MESSAGES.checkedList);
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
      if (want.ob3 && /^(valid|expired|not-yet-valid)$/.test(result)) return check3(result, now, checked, tell);
      return result;
    }).then(function (result) {
      if (result) showChecked(checked, tell);
      if (result === "revoked3") {
        setVerdict("revoked", MESSAGES.revoked, MESSAGES.revokedNote);
        return;
      }
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
    }).catch(function (err) {
      // Only the messages written above are shown; anything else (a
      // document of an unexpected shape) is described, not quoted.
      var why = err && err.unavailable ? err.message : "the published data could not be read";
      step("warn", sentence("The check could not be completed: " + why));
      setVerdict("unchecked", "Could not be checked right now",
        sentence("Status when this page was published: " + published) + " The published data could not be fetched or read just now, so this page cannot confirm it; try again later.");
    });
  }
  check();
})();
